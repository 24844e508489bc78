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
 * every JVM) and the per-step products by {@link Blas#gemm} ({@link FixedProducts#GEMM}), and
 * produced again when the softmax cross-entropy took one float exponential per class
 * ({@link rnnlab.math.Activations#expShifted}) instead of two {@link Math#exp}: the one change
 * to the bits since, every other part of the engine giving cef46bc's digests until then.
 * And since the Java products round a row the same whatever the number of rows (from 3 rows
 * on), shards of 6 and more rows give the same bits too. The vector per-step products round
 * each row the same whatever the rows beside it: there shards of any size give one thread's bits.
 */
class ThreadsOneBitIdenticalTest {
    private static final Map<String, String> BEFORE = new LinkedHashMap<>();

    static {
        String[] pairs = {
            "rnn/1/full", "ebb121d0e4582b10",
            "rnn/1/mixed", "2bf59e65d1e46a09",
            "rnn/1/truncated", "ae8454fbeeaaaabe",
            "rnn/1/last", "f82d33f86059916d",
            "rnn/2/full", "afa74d10719ad464",
            "rnn/2/mixed", "dee9c48f0062f5e7",
            "rnn/2/truncated", "4f97933e132d0b45",
            "rnn/2/last", "d252e0acc9298bc8",
            "rnn-relu/1/full", "ffa8e50a648c1fd4",
            "rnn-relu/1/mixed", "feaf737c556f0a0",
            "rnn-relu/1/truncated", "ea81b66482cf431",
            "rnn-relu/1/last", "8b92e065a1d1bb3b",
            "rnn-relu/2/full", "456ad91578db03f9",
            "rnn-relu/2/mixed", "77dcea55c351ffcb",
            "rnn-relu/2/truncated", "d89e956f6610308",
            "rnn-relu/2/last", "a0632ccfa5882f54",
            "lstm/1/full", "38991895ca398b17",
            "lstm/1/mixed", "fdae963f4f6dc71e",
            "lstm/1/truncated", "95ec10ddadb7c691",
            "lstm/1/last", "1497faabd1bca1d9",
            "lstm/2/full", "f59d04f166ce1c99",
            "lstm/2/mixed", "e1fe831e55897a4c",
            "lstm/2/truncated", "7eca18a540a8ed7f",
            "lstm/2/last", "f8003e89f1803ccc",
            "lstm-no-forget/1/full", "e08d7c2d9b8989e7",
            "lstm-no-forget/1/mixed", "c8222a4180a7c838",
            "lstm-no-forget/1/truncated", "e080be5c9948d88a",
            "lstm-no-forget/1/last", "4f67bd9e4ad856d9",
            "lstm-no-forget/2/full", "6efb3d9dffdde3a9",
            "lstm-no-forget/2/mixed", "355f389335d80054",
            "lstm-no-forget/2/truncated", "a4b1fa5b945d42b1",
            "lstm-no-forget/2/last", "9312fd5d16877b01",
            "gru/1/full", "7e31c06c97eea4d9",
            "gru/1/mixed", "d5e7a9ea148075c8",
            "gru/1/truncated", "a2c46cbfdfe4f104",
            "gru/1/last", "daad9697ca84207d",
            "gru/2/full", "bd1f86bf250f8c2e",
            "gru/2/mixed", "556a9480ee0a85f8",
            "gru/2/truncated", "df665c00f0dd2fa0",
            "gru/2/last", "3f80ba64c73f7fd"
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
     * 3 shards), give one thread's bits beside the Java BLAS, with its per-step products or the
     * vector kernels (which round a column the same whatever the columns beside it). Not beside
     * OpenBLAS: its kernels may round an element by the shape of the call it is in (0.3.21 on Zen
     * rounds the columns at a call's edges by the call's width, FixedMatrixTest, and the
     * products over all T·B rows are cut among the shards too); ShardedEngineTest holds those
     * runs to one thread's within rounding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shardsSplittingTheProductsByColumnsGiveTheSameBits(String name) {
        Blas blas = new JavaBlas();
        List<FixedProducts> forms = new ArrayList<>(List.of(FixedProducts.GEMM));
        if (FixedProducts.vectorAvailable()) forms.add(FixedProducts.VECTOR);
        for (FixedProducts form : forms) {
            long one = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(form), 6, 32, 4, 128);
            for (int threads : new int[] {2, 3}) {
                long together = EngineDigest.digest(name, blas, c -> new RecurrentNetwork(c, blas, 1).products(form)
                        .threads(threads).splitMinBytes(0), 6, 32, 4, 128);
                assertEquals(Long.toHexString(one), Long.toHexString(together), form + " threads=" + threads);
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
