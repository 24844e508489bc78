#!/usr/bin/python3
"""Writes the PyTorch reference files that rnnlab's interchange tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch), from the repository root:
    /usr/bin/python3 scripts/make-pytorch-reference.py
It writes rnnlab-core/src/test/resources/rnnlab/model/pytorch/<case>.model.safetensors (the
state dict as PyTorch saves it: safetensors.torch.save_file(model.state_dict(), path)) and
<case>.bare.safetensors (the recurrent module's state dict alone) and <case>.io.safetensors
(inputs, initial states, targets, and PyTorch's outputs, final states, loss and gradients, all
computed in float64 from the saved float32 weights). The files are small and committed, so CI needs no PyTorch.

Debian packages no `safetensors` module, so save_file is written out here from the format's
specification: an 8-byte little-endian header length, a JSON header, raw little-endian data.
"""
import json
import os
import struct

import torch

OUT = "rnnlab-core/src/test/resources/rnnlab/model/pytorch"
DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.int32: "I32"}


def save_file(tensors, path, metadata=None):
    """safetensors.torch.save_file, for contiguous CPU tensors."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


class Model(torch.nn.Module):
    """A recurrent module and a linear readout on every step: rnnlab's network."""

    def __init__(self, kind, inputs, hidden, layers, outputs, nonlinearity):
        super().__init__()
        if kind == "rnn":
            self.rnn = torch.nn.RNN(inputs, hidden, layers, nonlinearity=nonlinearity)
        else:
            self.rnn = getattr(torch.nn, kind.upper())(inputs, hidden, layers)
        self.fc = torch.nn.Linear(hidden, outputs)

    def forward(self, x, state):
        out, final = self.rnn(x, state)
        return out, self.fc(out), final


def case(name, kind, layers, nonlinearity="tanh", inputs=3, hidden=5, outputs=2, steps=6, batch=4, seed=0):
    torch.manual_seed(seed)
    model = Model(kind, inputs, hidden, layers, outputs, nonlinearity)
    # The weights are saved as float32, as users have them; the reference computation then runs in
    # float64 on exactly those values, so rnnlab's double reference must match it to rounding.
    save_file(model.state_dict(), os.path.join(OUT, name + ".model.safetensors"))
    save_file(model.rnn.state_dict(), os.path.join(OUT, name + ".bare.safetensors"))
    model = model.double()
    # Inputs, states and targets are float32 values too (rnnlab's batches are float32).
    x = torch.randn(steps, batch, inputs).double()
    h0 = (torch.randn(layers, batch, hidden) * 0.5).double()
    c0 = (torch.randn(layers, batch, hidden) * 0.5).double()
    y = torch.randn(steps, batch, outputs).double()
    state = (h0, c0) if kind == "lstm" else h0
    hidden_out, out, final = model(x, state)
    # rnnlab's loss: L = (1/B) sum_b sum_t 1/2 ||y_t - o_t||^2
    loss = 0.5 * ((out - y) ** 2).sum() / batch
    loss.backward()
    io = {"x": x, "h0": h0, "y": y, "hidden": hidden_out, "output": out, "loss": loss.reshape(1)}
    if kind == "lstm":
        io["c0"] = c0
        io["h_n"], io["c_n"] = final
    else:
        io["h_n"] = final
    for pname, p in model.named_parameters():
        io["grad." + pname] = p.grad
    save_file(io, os.path.join(OUT, name + ".io.safetensors"),
              {"kind": kind, "nonlinearity": nonlinearity, "torch": torch.__version__})


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_default_dtype(torch.float32)
    case("rnn_tanh_1", "rnn", 1)
    case("rnn_relu_2", "rnn", 2, nonlinearity="relu", seed=1)
    case("lstm_1", "lstm", 1, seed=2)
    case("lstm_2", "lstm", 2, seed=3)
    case("gru_1", "gru", 1, seed=4)
    case("gru_2", "gru", 2, seed=5)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
