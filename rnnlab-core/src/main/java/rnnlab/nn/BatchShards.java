package rnnlab.nn;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import rnnlab.math.Blas;

/**
 * Runs one piece of work on contiguous row ranges of the batch, one range per thread: the
 * calling thread takes shard 0, persistent workers the others, and {@link #run} returns when
 * all are done. The recurrence of different sequences is independent through all T steps, so
 * a layer's whole time loop runs per shard without synchronising per step (see
 * {@link RecurrentLayer}).
 *
 * <p>Workers are daemon threads, started on the first run that needs them; between runs they
 * spin for {@link #SPIN_NANOS}, then park. A run allocates nothing: the work is a {@link Work}
 * built once by its owner, and the hand-off is a volatile generation counter, an unpark per
 * worker and a countdown. The workers hold only this object's {@link Mailbox}, never the
 * network, so a network that becomes unreachable is collected and its workers stop (through a
 * {@link Cleaner}).
 *
 * <p>One run at a time: the owning network is not thread-safe, and neither is this.
 */
final class BatchShards {
    /** The prefix of the worker threads' names (the benchmark counts their allocations). */
    static final String THREAD_PREFIX = "rnnlab-shard-";
    /** Fewer rows than this per shard do not pay for the hand-off and the smaller products. */
    static final int MIN_ROWS_PER_SHARD = 8;
    /**
     * How long an idle worker spins for the next run, and the caller for the workers to finish,
     * before they park. A training step hands off several runs microseconds to milliseconds
     * apart (each layer's loops, the products over all steps, the head); a parked thread's core
     * halts, and waking it costs an interrupt and, on a virtual machine, the hypervisor's time
     * to run the vCPU again, which shows up as host steal (docs/bench/2026-11-23-session11.txt).
     */
    static final long SPIN_NANOS = 5_000_000;

    /** One thread, no workers: for work too small to hand off (stateless, so shared). */
    static final BatchShards SERIAL = new BatchShards(1);

    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** One shard's part of a run: rows [from, to) of the batch. */
    interface Work {
        void run(int shard, int from, int to);
    }

    private final int threads;
    private final int minRows;
    private Mailbox mailbox; // created with the workers, on the first run with more than one shard
    private Cleaner.Cleanable cleanable;

    /** @param threads at most this many shards per run, the caller's thread included (≥ 1) */
    BatchShards(int threads) {
        this(threads, MIN_ROWS_PER_SHARD);
    }

    /** With another smallest shard than {@link #MIN_ROWS_PER_SHARD} (tests shard tiny batches). */
    BatchShards(int threads, int minRows) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (minRows < 1) throw new IllegalArgumentException("a shard needs at least 1 row, got " + minRows);
        this.threads = threads;
        this.minRows = minRows;
    }

    /** The most threads a run may use. */
    int threads() {
        return threads;
    }

    /**
     * How many shards a batch of {@code rows} is split into: at most {@link #threads()}, and
     * each shard at least {@link #MIN_ROWS_PER_SHARD} rows (so a small batch runs as one).
     */
    int shardsFor(int rows) {
        return Math.max(1, Math.min(threads, rows / minRows));
    }

    /** First row of shard s of {@code shards} over {@code rows} rows: the rows split as evenly as they go. */
    static int from(int s, int shards, int rows) {
        return (int) ((long) rows * s / shards);
    }

    /**
     * Runs {@code work} over rows [0, rows) in {@code shards} contiguous ranges, shard 0 on this
     * thread, and returns when every shard is done (their writes then visible here). An
     * exception in any shard is rethrown here after all have finished.
     */
    void run(Work work, int rows, int shards) {
        if (shards <= 1) {
            work.run(0, 0, rows);
            return;
        }
        if (shards > threads) throw new IllegalArgumentException(shards + " shards, but only " + threads + " threads");
        Mailbox m = mailbox();
        m.dispatch(work, rows, shards);
        Throwable own = null;
        try {
            work.run(0, 0, from(1, shards, rows));
        } catch (Throwable e) {
            own = e;
        }
        Throwable theirs = m.join();
        Throwable failure = own != null ? own : theirs;
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /**
     * Runs {@code work} over rows [0, rows) in as many shards as {@link #shardsFor} gives, with
     * {@code blas} on one thread of its own per shard meanwhile ({@link Blas#beginConcurrentCalls}):
     * each shard's products are then too small to split again. One shard runs on this thread
     * alone, exactly as a plain call would.
     */
    void run(Blas blas, Work work, int rows) {
        int n = shardsFor(rows);
        if (n > 1) blas.beginConcurrentCalls();
        try {
            run(work, rows, n);
        } finally {
            if (n > 1) blas.endConcurrentCalls();
        }
    }

    /** Stops the workers now (else they stop once this object is unreachable). Not during a run. */
    void close() {
        if (cleanable != null) cleanable.clean();
        mailbox = null;
        cleanable = null;
    }

    private Mailbox mailbox() {
        if (mailbox == null) {
            mailbox = new Mailbox(threads - 1);
            cleanable = CLEANER.register(this, mailbox::shutdown); // the action holds the mailbox, not this
        }
        return mailbox;
    }

    /**
     * What the workers share with the caller. Holds the work only during a run, so that the
     * parked workers keep nothing of the network alive.
     */
    private static final class Mailbox {
        private final Thread[] workers;
        private final AtomicInteger pending = new AtomicInteger();
        private volatile int generation;
        private volatile boolean stopped;
        private volatile Work work;
        private volatile Throwable failure;
        private int rows;
        private int shards;
        private Thread caller;

        Mailbox(int count) {
            workers = new Thread[count];
            int pool = POOLS.incrementAndGet();
            for (int i = 0; i < count; i++) {
                int shard = i + 1;
                Thread t = new Thread(() -> loop(shard), THREAD_PREFIX + pool + "-" + shard);
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        void dispatch(Work w, int rows, int shards) {
            this.rows = rows;
            this.shards = shards;
            this.caller = Thread.currentThread();
            failure = null;
            work = w;
            pending.set(shards - 1);
            generation++; // volatile write: publishes the fields above to the workers
            for (int i = 0; i < shards - 1; i++) LockSupport.unpark(workers[i]);
        }

        /** Waits for the workers of the current run; returns the first failure among them, if any. */
        Throwable join() {
            // The shards are even, so the others are usually close: spin before parking.
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            work = null;
            caller = null;
            return failure;
        }

        private void loop(int shard) {
            int seen = 0;
            long idleSince = System.nanoTime();
            while (!stopped) {
                int g = generation;
                if (g == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) Thread.onSpinWait();
                    else LockSupport.park(this);
                    continue;
                }
                seen = g;
                Work w = work;
                int n = shards;
                if (w != null && shard < n) {
                    try {
                        w.run(shard, from(shard, n, rows), from(shard + 1, n, rows));
                    } catch (Throwable e) {
                        failure = e;
                    }
                    w = null;
                    Thread c = caller;
                    if (pending.decrementAndGet() == 0) LockSupport.unpark(c);
                }
                idleSince = System.nanoTime();
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread t : workers) LockSupport.unpark(t);
        }
    }
}
