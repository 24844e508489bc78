package rnnlab.probe;

import rnnlab.math.Blas;

/**
 * One step Jacobian J_t in the two forms the Jacobian walk needs: as a {@link LinearMap} (for its
 * spectral norm, in double) and multiplied onto the running product (in float32 through
 * {@link Blas}). Each cell's form uses its structure: the RNN's J = diag(slope)·W and the LSTM's
 * diagonal c-columns need no dense J and no transpose; the GRU's is formed densely.
 *
 * <p>Use: {@link #load} a step, then {@link #map()} and {@link #multiply}. Not thread-safe.
 */
abstract class StepForm {
    final LayerView view;
    final int n;

    StepForm(LayerView view) {
        this.view = view;
        this.n = view.stateSize();
    }

    static StepForm of(LayerView view) {
        return switch (view.cell) {
            case RNN_TANH, RNN_RELU -> new Rnn(view);
            case LSTM, LSTM_NO_FORGET -> new Lstm(view);
            case GRU -> new Formed(view);
        };
    }

    /** Prepares J_t of sequence b (an active step t). */
    abstract void load(int b, int t);

    /** J_t as a map; valid until the next load. */
    abstract LinearMap map();

    /** out := product · J_t, all n×n row-major float32; out must not be product. */
    abstract void multiply(Blas blas, float[] product, float[] out);

    /** The RNN: J = diag(slope)·W. */
    static final class Rnn extends StepForm {
        private final double[] slope;
        private final double[][] wT;
        private final float[] jac;
        private final LinearMap map;

        Rnn(LayerView view) {
            super(view);
            slope = new double[n];
            wT = new double[n][n];
            Dense.transpose(view.weightHh, wT);
            jac = new float[n * n];
            map = LinearMap.scaled(slope, view.weightHh, wT, null);
        }

        void load(int b, int t) {
            view.rnnSlopes(b, t, slope);
            for (int i = 0; i < n; i++) {
                double[] w = view.weightHh[i];
                for (int j = 0; j < n; j++) jac[i * n + j] = (float) (slope[i] * w[j]);
            }
        }

        LinearMap map() { return map; }

        void multiply(Blas blas, float[] product, float[] out) {
            blas.gemm(false, false, n, n, n, 1f, product, 0, n, jac, 0, n, 0f, out, 0, n);
        }
    }

    /** Any cell, J formed densely from {@link LayerView#stepJacobian} (used for the GRU). */
    static final class Formed extends StepForm {
        private final double[][] jac, jacT;
        private final float[] jacF;
        private final LinearMap map;

        Formed(LayerView view) {
            super(view);
            jac = new double[n][n];
            jacT = new double[n][n];
            jacF = new float[n * n];
            map = LinearMap.dense(jac, jacT);
        }

        void load(int b, int t) {
            view.stepJacobian(b, t, jac);
            Dense.transpose(jac, jacT);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) jacF[i * n + j] = (float) jac[i][j];
        }

        LinearMap map() { return map; }

        void multiply(Blas blas, float[] product, float[] out) {
            blas.gemm(false, false, n, n, n, 1f, product, 0, n, jacF, 0, n, 0f, out, 0, n);
        }
    }

    /**
     * The LSTM's 2H×2H J (see {@link LayerView.LstmStep}): its h-columns [∂h_t/∂h_{t−1}; C] are
     * dense, its c-columns diagonal. The product needs one 2H×2H by 2H×H product and a diagonal
     * update; the map applies the four H×H gate blocks U_i, U_f, U_g, U_o.
     */
    static final class Lstm extends StepForm {
        private final int h;
        final LayerView.LstmStep c;
        /** C = ∂c_t/∂h_{t−1}, double rows (the cell-path total needs it too). */
        final double[][] cRows;
        private final float[] left; // [2H, H]: rows 0..H−1 ∂h_t/∂h_{t−1}, rows H..2H−1 C
        private final double[] uo, uf, ui, ug, cx, w, scratch;
        private final LinearMap map;

        Lstm(LayerView view) {
            super(view);
            h = view.hidden;
            c = new LayerView.LstmStep(h);
            cRows = new double[h][h];
            left = new float[2 * h * h];
            uo = new double[h];
            uf = new double[h];
            ui = new double[h];
            ug = new double[h];
            cx = new double[h];
            w = new double[h];
            scratch = new double[h];
            map = new LinearMap() {
                public int rows() { return n; }
                public int cols() { return n; }
                public void apply(double[] x, double[] y) { applyJ(x, y); }
                public void applyTransposed(double[] y, double[] x) { applyJT(y, x); }
            };
        }

        void load(int b, int t) {
            c.load(view, b, t);
            double[][] bi = view.block(0), bf = view.block(1), bg = view.block(2), bo = view.block(3);
            for (int i = 0; i < h; i++) {
                double af = c.viaForget[i], ai = c.viaInput[i], ag = c.viaCandidate[i], alpha = c.viaOutput[i], beta = c.throughTanh[i];
                double[] row = cRows[i], rf = bf[i], ri = bi[i], rg = bg[i], ro = bo[i];
                int top = i * h, bottom = (h + i) * h;
                for (int j = 0; j < h; j++) {
                    double dc = af * rf[j] + ai * ri[j] + ag * rg[j];
                    row[j] = dc;
                    left[bottom + j] = (float) dc;
                    left[top + j] = (float) (alpha * ro[j] + beta * dc);
                }
            }
        }

        LinearMap map() { return map; }

        void multiply(Blas blas, float[] product, float[] out) {
            // h-columns: product (2H×2H) times [∂h_t/∂h_{t−1}; C] (2H×H), written into columns 0..H−1 of out
            blas.gemm(false, false, n, h, n, 1f, product, 0, n, left, 0, h, 0f, out, 0, n);
            // c-columns: out[:, H+j] = product[:, j]·throughTanh_j·f_j + product[:, H+j]·f_j
            for (int r = 0; r < n; r++) {
                int o = r * n;
                for (int j = 0; j < h; j++) {
                    double f = c.forget[j];
                    out[o + h + j] = (float) (product[o + j] * c.throughTanh[j] * f + product[o + h + j] * f);
                }
            }
        }

        /** y := J x, x = (x_h, x_c). */
        private void applyJ(double[] x, double[] y) {
            System.arraycopy(x, 0, scratch, 0, h);
            Dense.timesVector(view.blockTransposed(3), scratch, uo);
            Dense.timesVector(view.blockTransposed(1), scratch, uf);
            Dense.timesVector(view.blockTransposed(0), scratch, ui);
            Dense.timesVector(view.blockTransposed(2), scratch, ug);
            for (int i = 0; i < h; i++) {
                double dc = c.viaForget[i] * uf[i] + c.viaInput[i] * ui[i] + c.viaCandidate[i] * ug[i];
                double xc = x[h + i], f = c.forget[i];
                y[i] = c.viaOutput[i] * uo[i] + c.throughTanh[i] * (dc + f * xc);
                y[h + i] = dc + f * xc;
            }
        }

        /** x := Jᵀ y. */
        private void applyJT(double[] y, double[] x) {
            for (int i = 0; i < h; i++) {
                w[i] = c.throughTanh[i] * y[i] + y[h + i]; // what reaches C from both row blocks
                scratch[i] = c.viaOutput[i] * y[i];
            }
            Dense.timesVector(view.block(3), scratch, uo); // U_oᵀ (viaOutput ⊙ y_h)
            for (int i = 0; i < h; i++) scratch[i] = c.viaForget[i] * w[i];
            Dense.timesVector(view.block(1), scratch, uf);
            for (int i = 0; i < h; i++) scratch[i] = c.viaInput[i] * w[i];
            Dense.timesVector(view.block(0), scratch, ui);
            for (int i = 0; i < h; i++) scratch[i] = c.viaCandidate[i] * w[i];
            Dense.timesVector(view.block(2), scratch, ug);
            for (int j = 0; j < h; j++) {
                x[j] = uo[j] + uf[j] + ui[j] + ug[j];
                x[h + j] = c.forget[j] * w[j];
            }
        }
    }
}
