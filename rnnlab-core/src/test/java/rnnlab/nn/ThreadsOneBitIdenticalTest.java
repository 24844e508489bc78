package rnnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rnnlab.math.Blas;
import rnnlab.math.FixedProducts;
import rnnlab.math.JavaBlas;

/**
 * With one thread the engine computes exactly what it computed before batch sharding: the
 * digests below were produced by {@link EngineDigest} on the engine of commit cef46bc (before
 * {@link BatchShards}), with the pure-Java products (plain float arithmetic, so the same on
 * every JVM) and the per-step products by {@link Blas#gemm} ({@link FixedProducts#GEMM}).
 * And since the Java products round a row the same whatever the number of rows (from 3 rows
 * on), shards of 6 and more rows give the same bits too. The vector per-step products round
 * each row the same whatever the rows beside it: there shards of any size give one thread's bits.
 */
class ThreadsOneBitIdenticalTest {
    private static final Map<String, String> BEFORE = new LinkedHashMap<>();

    static {
        String[] pairs = {
            "rnn/1/full", "70e0f3af504b7296",
            "rnn/1/mixed", "97138055674c1d7e",
            "rnn/1/truncated", "57ffe76801c51e7f",
            "rnn/1/last", "3575a4878687f9ca",
            "rnn/2/full", "bd67ae7f553798cd",
            "rnn/2/mixed", "9d045ba766b17827",
            "rnn/2/truncated", "e4a072323b95cda3",
            "rnn/2/last", "1a6020aab70ab64e",
            "rnn-relu/1/full", "d5c360d073516c0a",
            "rnn-relu/1/mixed", "9c555981f0d8c65a",
            "rnn-relu/1/truncated", "f8b594a59d53410e",
            "rnn-relu/1/last", "bf5bfcbfa5732db4",
            "rnn-relu/2/full", "2e12da487a7e9395",
            "rnn-relu/2/mixed", "84a7b39e0e462fb6",
            "rnn-relu/2/truncated", "7fcae3eea731d82d",
            "rnn-relu/2/last", "c3e63e0e93aa3675",
            "lstm/1/full", "110112cdd97d15ea",
            "lstm/1/mixed", "6be232fc6828a5aa",
            "lstm/1/truncated", "c6357c9b51acd1ea",
            "lstm/1/last", "b832ba0067e1de86",
            "lstm/2/full", "6c4ea9b0651de24b",
            "lstm/2/mixed", "42afac9b1f2c14de",
            "lstm/2/truncated", "e8bd55a4fb38342f",
            "lstm/2/last", "ec58dfa28318889b",
            "lstm-no-forget/1/full", "46d3b6ace55bd1cb",
            "lstm-no-forget/1/mixed", "f16837e46cf67bb8",
            "lstm-no-forget/1/truncated", "ea9c4e840ef2b61",
            "lstm-no-forget/1/last", "b5d4c930ce789024",
            "lstm-no-forget/2/full", "8cfffc101e45d4f9",
            "lstm-no-forget/2/mixed", "c68613267c61c436",
            "lstm-no-forget/2/truncated", "a97a17671faef68b",
            "lstm-no-forget/2/last", "e31d190bf01fe8ab",
            "gru/1/full", "ea37f974d5f305d2",
            "gru/1/mixed", "e49d4968b95e27ca",
            "gru/1/truncated", "d47592766aa29f3e",
            "gru/1/last", "b5c311bd3d591227",
            "gru/2/full", "5a5c620342da4395",
            "gru/2/mixed", "bd0f3013fc4d2336",
            "gru/2/truncated", "b8dafc0fa141191a",
            "gru/2/last", "5d69837b09698d01"
        };
        for (int i = 0; i < pairs.length; i += 2) BEFORE.put(pairs[i], pairs[i + 1]);
    }

    static Stream<String> cases() {
        return EngineDigest.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneThreadIsTheEngineOfBefore(String name) {
        JavaBlas blas = new JavaBlas();
        assertEquals(BEFORE.get(name), Long.toHexString(EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.GEMM))));
    }

    /**
     * A JVM without the Vector API's module (no {@code --add-modules jdk.incubator.vector}) runs
     * the scalar cells, activations and flush, and gives the same bits; this one runs the vector
     * ones where they fit (H = 16 here).
     */
    @org.junit.jupiter.api.Test
    void withoutTheVectorModuleTheEngineGivesTheSameBits() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), EngineDigest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        assertTrue(out.contains("vectors false"), out);
        Map<String, String> printed = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2 && BEFORE.containsKey(parts[0])) printed.put(parts[0], parts[1]);
        }
        assertEquals(BEFORE, printed, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void threeShardsOfSixRowsOrMoreGiveTheSameBits(String name) {
        JavaBlas blas = new JavaBlas();
        // 19 sequences in shards of 6, 6 and 7
        assertEquals(BEFORE.get(name), Long.toHexString(EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.GEMM).threads(3, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorProductsGiveOneThreadsBitsOnShardsOfAnySize(String name) {
        assumeTrue(FixedProducts.vectorAvailable(), FixedProducts.vectorUnavailableReason());
        JavaBlas blas = new JavaBlas();
        long one = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.VECTOR));
        // 19 sequences in shards of 2 rows or more (EngineDigest's batch), and of 6 and 7
        long many = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.VECTOR).threads(9, 1));
        long three = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.VECTOR).threads(3, 1));
        assertEquals(Long.toHexString(one), Long.toHexString(many));
        assertEquals(Long.toHexString(one), Long.toHexString(three));
        assertNotEquals(BEFORE.get(name), Long.toHexString(one), "the vector products round otherwise than the Java gemm");
    }

    /**
     * Shards that go through the steps together, each forming part of the columns of every
     * per-step product (forced here by a threshold of 0 bytes; H = 128, 32 sequences in 2 and
     * 3 shards), give one thread's bits: with the BLAS's products (Java, and OpenBLAS where it
     * loads) and with the vector kernels.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shardsSplittingTheProductsByColumnsGiveTheSameBits(String name) {
        List<Blas> blases = new ArrayList<>(List.of(new JavaBlas()));
        if (!(Blas.get() instanceof JavaBlas)) blases.add(Blas.get());
        List<FixedProducts> forms = new ArrayList<>(List.of(FixedProducts.GEMM));
        if (FixedProducts.vectorAvailable()) forms.add(FixedProducts.VECTOR);
        for (Blas blas : blases) {
            for (FixedProducts form : forms) {
                long one = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(form), 6, 32, 4, 128);
                for (int threads : new int[] {2, 3}) {
                    long together = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(form)
                            .threads(threads).splitMinBytes(0), 6, 32, 4, 128);
                    assertEquals(Long.toHexString(one), Long.toHexString(together), blas.name() + " " + form + " threads=" + threads);
                }
            }
        }
    }

    /**
     * With rows · O at least {@link Readout#SHARDED_OUTPUTS}, the readout's products and the loss
     * are split among the threads too: still the same bits as one thread (T = 64, B = 32, O = 32).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aShardedReadoutGivesTheSameBits(String name) {
        if (name.endsWith("/last")) return; // B rows only: never split
        JavaBlas blas = new JavaBlas();
        assertTrue(64 * 32 * 32 >= Readout.SHARDED_OUTPUTS);
        long one = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.GEMM), 64, 32, 32);
        long three = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(FixedProducts.GEMM).threads(3, 1), 64, 32, 32);
        assertEquals(Long.toHexString(one), Long.toHexString(three));
    }
}
