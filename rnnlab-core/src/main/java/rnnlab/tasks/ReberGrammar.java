package rnnlab.tasks;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The embedded Reber grammar (Cleeremans, Servan-Schreiber &amp; McClelland 1989; Hochreiter &amp;
 * Schmidhuber 1997, experiment 1) as a deterministic finite automaton over the 7 symbols
 * {@code BTPSXVE}.
 *
 * <p>The Reber grammar: after B, the states R0 … R5 with edges R0 –T→ R1, R0 –P→ R2, R1 –S→ R1,
 * R1 –X→ R3, R2 –T→ R2, R2 –V→ R4, R3 –X→ R2, R3 –S→ R5, R4 –P→ R3, R4 –V→ R5, R5 –E→ end
 * (e.g. BTSSXXTVVE, BPVVE). The embedded grammar wraps a Reber string as B T ⟨Reber⟩ T E or
 * B P ⟨Reber⟩ P E: the symbol after the first B must be repeated second to last, across the whole
 * inner string. Where a state has two edges, each is taken with probability ½.
 *
 * <p>Each state's edges carry distinct symbols, so a prefix determines the state, and the state
 * determines the set of legal next symbols: what the Reber tasks ask a network to predict.
 */
final class ReberGrammar {
    /** The symbols, in index order. */
    static final String SYMBOLS = "BTPSXVE";
    static final int SYMBOL_COUNT = 7;
    static final int B = 0, T = 1, P = 2, S = 3, X = 4, V = 5, E = 6;

    /** Before the outer B. */
    static final int START = 0;
    private static final int BRANCH = 1;
    /** After the outer E. */
    static final int END = 19;
    private static final int FINAL = 18;
    private static final int STATES = 20;

    /** NEXT[state][symbol]: the state after the symbol, or −1 where it is illegal. */
    private static final int[][] NEXT = build();
    /** LEGAL[state]: the symbols with an edge out of the state, in index order. */
    private static final int[][] LEGAL = IntStream.range(0, STATES)
            .mapToObj(q -> IntStream.range(0, SYMBOL_COUNT).filter(s -> NEXT[q][s] >= 0).toArray()).toArray(int[][]::new);

    private ReberGrammar() {}

    private static int[][] build() {
        int[][] next = new int[STATES][SYMBOL_COUNT];
        for (int[] row : next) Arrays.fill(row, -1);
        next[START][B] = BRANCH;
        next[BRANCH][T] = inner(0);
        next[BRANCH][P] = inner(1);
        addInner(next, 0, T);
        addInner(next, 1, P);
        next[FINAL][E] = END;
        return next;
    }

    /** First state of the inner Reber string on branch β (0 after T, 1 after P): before its B. */
    private static int inner(int branch) {
        return 2 + 8 * branch;
    }

    /** The inner Reber graph of branch β, ending in the repeat of the branch symbol. */
    private static void addInner(int[][] next, int branch, int branchSymbol) {
        int b = inner(branch), r0 = b + 1, r1 = b + 2, r2 = b + 3, r3 = b + 4, r4 = b + 5, r5 = b + 6, out = b + 7;
        next[b][B] = r0;
        next[r0][T] = r1;
        next[r0][P] = r2;
        next[r1][S] = r1;
        next[r1][X] = r3;
        next[r2][T] = r2;
        next[r2][V] = r4;
        next[r3][X] = r2;
        next[r3][S] = r5;
        next[r4][P] = r3;
        next[r4][V] = r5;
        next[r5][E] = out;
        next[out][branchSymbol] = FINAL;
    }

    /** The state after {@code symbol} in {@code state}, or −1 if the symbol is illegal there. */
    static int next(int state, int symbol) {
        return state == END ? -1 : NEXT[state][symbol];
    }

    /** The legal next symbols in {@code state}, in index order (none at {@link #END}). Shared: do not modify. */
    static int[] legal(int state) {
        return LEGAL[state];
    }

    /** Draws the next symbol in {@code state}: one of its one or two legal symbols, each equally likely. */
    static int draw(int state, RandomGenerator rng) {
        int[] legal = legal(state);
        if (legal.length == 0) throw new IllegalStateException("no symbol follows the end of a string");
        return legal.length == 1 ? legal[0] : legal[rng.nextInt(legal.length)];
    }

    /** One embedded Reber string, from the outer B to the outer E inclusive. */
    static int[] embeddedString(RandomGenerator rng) {
        int[] symbols = new int[16];
        int n = 0, state = START;
        while (state != END) {
            if (n == symbols.length) symbols = Arrays.copyOf(symbols, 2 * n);
            int s = draw(state, rng);
            symbols[n++] = s;
            state = NEXT[state][s];
        }
        return Arrays.copyOf(symbols, n);
    }

    /** Writes the multi-hot vector of {@code state}'s legal symbols at row (t, b) of a [T, B, 7] array. */
    static void writeLegal(float[] targets, int t, int b, int batch, int state) {
        for (int s : legal(state)) targets[OneHot.index(t, b, batch, SYMBOL_COUNT, s)] = 1f;
    }

    /**
     * The 1997 paper's test of one prediction: the outputs of the legal next symbols (the 1s of the
     * multi-hot target) are the most active ones, i.e. each above every other output.
     */
    static boolean legalMostActive(float[] outputs, float[] targets, int off) {
        float minLegal = Float.POSITIVE_INFINITY, maxOther = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < SYMBOL_COUNT; j++) {
            if (targets[off + j] > 0.5f) minLegal = Math.min(minLegal, outputs[off + j]);
            else maxOther = Math.max(maxOther, outputs[off + j]);
        }
        return minLegal > maxOther;
    }

    /**
     * The MSE per output of the best predictor that sees only the current symbol: for each symbol,
     * the mean of the multi-hot targets that follow it, weighted by how often each automaton edge
     * is taken per string (expected counts of the absorbing chain, summed to convergence).
     *
     * @param continual whether strings follow one another in a stream: then the outer E is an input
     *     too, with target {B}; otherwise a string's inputs stop before its E
     */
    static double memorylessMse(boolean continual) {
        double[][] count = edgeCounts();
        double[] weight = new double[SYMBOL_COUNT];
        double[][] sum = new double[SYMBOL_COUNT][SYMBOL_COUNT];
        double sumSquares = 0;
        for (int q = 0; q < STATES; q++) {
            for (int s = 0; s < SYMBOL_COUNT; s++) {
                if (count[q][s] == 0 || (q == FINAL && !continual)) continue;
                int after = NEXT[q][s] == END ? START : NEXT[q][s];
                int[] legal = legal(after);
                weight[s] += count[q][s];
                for (int k : legal) sum[s][k] += count[q][s];
                sumSquares += count[q][s] * legal.length;
            }
        }
        double total = 0, explained = 0;
        for (int s = 0; s < SYMBOL_COUNT; s++) {
            total += weight[s];
            if (weight[s] > 0) for (int k = 0; k < SYMBOL_COUNT; k++) explained += sum[s][k] * sum[s][k] / weight[s];
        }
        return (sumSquares - explained) / (SYMBOL_COUNT * total);
    }

    /** Expected traversals of each edge (state, symbol) per string, from START to END. */
    private static double[][] edgeCounts() {
        double[][] count = new double[STATES][SYMBOL_COUNT];
        double[] mass = new double[STATES];
        mass[START] = 1;
        for (int iteration = 0; iteration < 100_000 && Arrays.stream(mass).sum() > 1e-18; iteration++) {
            double[] moved = new double[STATES];
            for (int q = 0; q < STATES; q++) {
                int[] legal = legal(q);
                for (int s : legal) {
                    double m = mass[q] / legal.length;
                    count[q][s] += m;
                    if (NEXT[q][s] != END) moved[NEXT[q][s]] += m;
                }
            }
            mass = moved;
        }
        return count;
    }
}
