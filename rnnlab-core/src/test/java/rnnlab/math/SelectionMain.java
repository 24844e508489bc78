package rnnlab.math;

/** Prints the name of {@link Blas#get()}, or the exception it threw; run by BlasProviderTest. */
final class SelectionMain {
    private SelectionMain() {}

    public static void main(String[] args) {
        try {
            System.out.println(Blas.get().name());
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
