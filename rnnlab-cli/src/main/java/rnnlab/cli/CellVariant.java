package rnnlab.cli;

import java.util.List;
import java.util.Locale;
import rnnlab.nn.CellType;
import rnnlab.nn.Initialization;

/**
 * One column of an experiment grid: a cell and how it starts. Besides the plain cells,
 * {@code lstm-chrono} is the LSTM with chrono initialisation (Tallec and Ollivier 2018; Tmax set by
 * the plan's recipe), and {@code lstm-no-forget} the LSTM of 1997, without a forget gate.
 */
record CellVariant(String name, CellType cell, boolean chrono) {
    static final List<String> NAMES = List.of("rnn", "rnn-relu", "lstm", "lstm-chrono", "lstm-no-forget", "gru");

    /** The variant of that name; IllegalArgumentException listing {@link #NAMES} otherwise. */
    static CellVariant parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("lstm-chrono")) return new CellVariant(n, CellType.LSTM, true);
        if (!NAMES.contains(n))
            throw new IllegalArgumentException("unknown cell '" + name + "' in --cells: use " + String.join(", ", NAMES));
        return new CellVariant(n, CellType.parse(n), false);
    }

    /** The initialisation from the grid's base one; chrono with Tmax {@code chronoMaxSteps}. */
    Initialization initialization(Initialization base, int chronoMaxSteps) {
        return chrono ? base.withChrono(Math.max(2, chronoMaxSteps)) : base;
    }
}
