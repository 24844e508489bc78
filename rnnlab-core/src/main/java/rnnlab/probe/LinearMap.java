package rnnlab.probe;

/**
 * A linear map given by how it acts on vectors, for power iteration: {@code y = A·x} and
 * {@code x = Aᵀ·y}, A being rows×cols. The probes use it for dense matrices and for the LSTM's
 * cell-path terms {@code diag(a)·U·diag(d)}, which never need to be formed.
 */
interface LinearMap {
    int rows();

    int cols();

    /** y := A·x; x has cols() entries, y rows(). */
    void apply(double[] x, double[] y);

    /** x := Aᵀ·y. */
    void applyTransposed(double[] y, double[] x);

    /** A dense matrix; {@code aT} must be its transpose (both as rows), kept by reference. */
    static LinearMap dense(double[][] a, double[][] aT) {
        return new LinearMap() {
            public int rows() { return a.length; }
            public int cols() { return aT.length; }
            public void apply(double[] x, double[] y) { Dense.timesVector(aT, x, y); }
            public void applyTransposed(double[] y, double[] x) { Dense.timesVector(a, y, x); }
        };
    }

    /** This map's transpose (same arrays). */
    default LinearMap transposed() {
        LinearMap m = this;
        return new LinearMap() {
            public int rows() { return m.cols(); }
            public int cols() { return m.rows(); }
            public void apply(double[] x, double[] y) { m.applyTransposed(x, y); }
            public void applyTransposed(double[] y, double[] x) { m.apply(y, x); }
        };
    }

    /**
     * {@code diag(left)·U·diag(right)}: U is n×n given with its transpose uT, left and right
     * have n entries; {@code right == null} means the identity. Arrays are kept by reference.
     */
    static LinearMap scaled(double[] left, double[][] u, double[][] uT, double[] right) {
        int n = left.length;
        double[] scratch = new double[n];
        return new LinearMap() {
            public int rows() { return n; }
            public int cols() { return n; }
            public void apply(double[] x, double[] y) {
                for (int j = 0; j < n; j++) scratch[j] = right == null ? x[j] : right[j] * x[j];
                Dense.timesVector(uT, scratch, y);
                for (int i = 0; i < n; i++) y[i] *= left[i];
            }
            public void applyTransposed(double[] y, double[] x) {
                for (int i = 0; i < n; i++) scratch[i] = left[i] * y[i];
                Dense.timesVector(u, scratch, x);
                if (right != null) for (int j = 0; j < n; j++) x[j] *= right[j];
            }
        };
    }
}
