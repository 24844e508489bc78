package rnnlab.math;

/**
 * Prints the name of {@link Blas#get()}, or the exception it threw; run by BlasProviderTest.
 * With the argument {@code sections}: the thread counts before, inside nested
 * concurrent-call sections, and after, on one line.
 */
final class SelectionMain {
    private SelectionMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("sections")) {
            Blas b = Blas.get();
            int before = b.threads();
            b.beginConcurrentCalls();
            int inside = b.threads();
            b.beginConcurrentCalls();
            b.endConcurrentCalls();
            int stillInside = b.threads();
            b.endConcurrentCalls();
            System.out.println(before + " " + inside + " " + stillInside + " " + b.threads());
            return;
        }
        try {
            System.out.println(Blas.get().name());
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
