package rnnlab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import rnnlab.nn.CellType;
import rnnlab.nn.LossAt;
import rnnlab.nn.LossKind;
import rnnlab.nn.NetworkConfig;
import rnnlab.nn.RecurrentNetwork;
import rnnlab.nn.SequenceBatch;

class ProbeEdgeCasesTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void oneStepOneSequence(CellType cell) {
        NetworkConfig config = ProbeFixtures.config(cell, 2, 3, 1, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 1, 1, LossKind.MSE, LossAt.LAST, null, 2);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 7);
        assertEquals(2, r.norms().lastStep().hidden().lags());
        assertEquals(1, r.jacobians().stepNorm().length);
        assertEquals(1, r.lastStepContributions().lags());
        assertEquals(2, r.table().rows().size());
        assertEquals(cell.hasCellState(), r.cellPath() != null);
        assertEquals(7, r.step());
        r.toCsv();
        r.summaryCsv();
    }

    @Test
    void noJacobianSequencesGivesNanSpectraButEverythingElse() {
        NetworkConfig config = ProbeFixtures.config(CellType.LSTM, 2, 3, 1, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 5, 2, LossKind.MSE, LossAt.LAST, null, 2);
        GradientFlowReport r = GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withJacobianSequences(0)).analyse(net, 0);
        assertEquals(0, r.jacobians().sequences().length);
        assertEquals(5, r.jacobians().stepNorm().length);
        assertTrue(Double.isNaN(r.jacobians().stepNorm()[0]));
        assertTrue(Double.isNaN(r.cellPath().totalNorm()[0]));
        assertFalse(Double.isNaN(r.cellPath().forgetGateMean()[0]), "gate statistics use every sequence");
        assertFalse(r.jacobians().productSummary().defined());
    }

    @Test
    void aBatchOfEmptySequencesMeasuresNothing() {
        NetworkConfig config = ProbeFixtures.config(CellType.GRU, 2, 3, 1, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 4, 2, LossKind.MSE, LossAt.EVERY, new int[] {0, 0}, 2);
        GradientFlowReport r = GradientFlowProbe.of(net, batch).analyse(net, 0);
        for (double v : r.norms().total().hidden().mean()) assertTrue(Double.isNaN(v));
        assertFalse(r.norms().total().hidden().summary().defined());
        assertEquals(0, r.jacobians().sequences().length);
        assertEquals(0, r.lastStepContributions().inputNorm()[0]);
    }

    @Test
    void probesAnyLayerOfAStack() {
        NetworkConfig config = ProbeFixtures.config(CellType.RNN_TANH, 2, 4, 3, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 6, 2, LossKind.MSE, LossAt.LAST, null, 2);
        for (int l = 0; l < 3; l++) {
            GradientFlowReport r = GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withLayer(l)).analyse(net, 0);
            assertEquals(l, r.norms().layer());
            assertEquals("weight_hh_l" + l, r.lastStepContributions().recurrentWeight());
            assertEquals(l == 2, r.bound().proven(), "the Pascanu bound is proven for the top layer only");
        }
        assertThrows(IllegalArgumentException.class, () -> GradientFlowProbe.of(net, batch, ProbeSettings.defaults().withLayer(3)));
    }

    @Test
    void rejectsMismatchedNetworksAndBatches() {
        NetworkConfig config = ProbeFixtures.config(CellType.LSTM, 2, 3, 1, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 4, 2, LossKind.MSE, LossAt.LAST, null, 2);
        GradientFlowProbe probe = GradientFlowProbe.of(net, batch);
        RecurrentNetwork other = ProbeFixtures.network(ProbeFixtures.config(CellType.LSTM, 2, 4, 1, 1), 1, 0.5);
        assertThrows(IllegalArgumentException.class, () -> probe.gradientNorms(other, 0));
        SequenceBatch noTargets = new SequenceBatch(4, 2, 2, new float[16], null, null);
        assertThrows(IllegalArgumentException.class, () -> GradientFlowProbe.of(net, noTargets));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSettings(0, 1, 0, 10));
    }

    @Test
    void lstmCellCurveIsNullForOtherCells() {
        NetworkConfig config = ProbeFixtures.config(CellType.RNN_RELU, 2, 3, 1, 1);
        RecurrentNetwork net = ProbeFixtures.network(config, 1, 0.5);
        SequenceBatch batch = ProbeFixtures.batch(config, 4, 2, LossKind.MSE, LossAt.LAST, null, 2);
        GradientNorms n = GradientFlowProbe.of(net, batch).gradientNorms(net, 0);
        assertNull(n.lastStep().cell());
        assertTrue(Double.isNaN(n.table().column("dc_last_mean")[0]));
        assertEquals(2 * 5, n.sequenceTable().rows().size());
    }
}
