package rnnlab.train;

/**
 * How far back gradients flow: full BPTT, or truncated BPTT(k1, k2) (Williams &amp; Peng 1990).
 *
 * <p>Truncated: the sequence is cut into chunks of k1 steps, the state carried from chunk to
 * chunk. After each chunk the losses of that chunk are back-propagated through the chunk and up
 * to k2 − k1 steps before it (those steps are recomputed from the state saved at their start),
 * and the weights are updated: one update per chunk. k1 = k2 = k is the common "chunked"
 * scheme; with k1 ≥ T it is full BPTT.
 *
 * @param k1 steps between updates (≥ 1), or 0 for full BPTT
 * @param k2 steps back-propagated (≥ k1), or 0 for full BPTT
 */
public record Truncation(int k1, int k2) {
    /** Full BPTT: the gradient is accumulated over the whole sequence, one update per batch. */
    public static final Truncation FULL = new Truncation(0, 0);

    public Truncation {
        boolean full = k1 == 0 && k2 == 0;
        if (!full && (k1 < 1 || k2 < k1))
            throw new IllegalArgumentException("truncated BPTT needs 1 <= k1 <= k2, got k1=" + k1 + " k2=" + k2);
    }

    /** Truncated BPTT with k1 = k2 = k. */
    public static Truncation chunks(int k) {
        return new Truncation(k, k);
    }

    public boolean isFull() {
        return k1 == 0;
    }

    /** Parses "full", "K" (chunks of K) or "K1,K2". */
    public static Truncation parse(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("full")) return FULL;
        try {
            String[] parts = s.split(",");
            if (parts.length == 1) return chunks(Integer.parseInt(parts[0].trim()));
            if (parts.length == 2) return new Truncation(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad truncation '" + spec + "': use full, K, or K1,K2 (1 <= K1 <= K2)");
    }

    @Override
    public String toString() {
        return isFull() ? "full" : k1 + "," + k2;
    }
}
