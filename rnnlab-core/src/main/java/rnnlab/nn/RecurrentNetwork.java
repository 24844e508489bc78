package rnnlab.nn;

import java.util.List;

/**
 * A stack of recurrent layers with a linear readout: the float32 engine.
 * (Skeleton: the implementation is being written.)
 */
public final class RecurrentNetwork {
    public RecurrentNetwork(NetworkConfig config) { throw new UnsupportedOperationException("in progress"); }
    public NetworkConfig config() { throw new UnsupportedOperationException(); }
    /** Per layer l: weight_ih_l{l}, weight_hh_l{l}, bias_ih_l{l}, bias_hh_l{l}; then readout.weight, readout.bias. */
    public List<Parameter> parameters() { throw new UnsupportedOperationException(); }
    public Parameter parameter(String name) { throw new UnsupportedOperationException(); }
    public void zeroGrad() { throw new UnsupportedOperationException(); }
    public Evaluation forward(SequenceBatch batch, InitialState initial) { throw new UnsupportedOperationException(); }
    public void backward() { throw new UnsupportedOperationException(); }
    public float[] outputs() { throw new UnsupportedOperationException(); }
    public LayerTrace trace(int layer) { throw new UnsupportedOperationException(); }
    public InitialState finalState() { throw new UnsupportedOperationException(); }
}
