package rnnlab.probe;

import java.util.Arrays;

/**
 * The walk behind {@link JacobianSpectra} and {@link CellPathTerms}: for each analysed
 * sequence, steps t = T_b down to 1 (lags 0, 1, …), building each step Jacobian from the trace,
 * multiplying it onto the running product and taking spectral norms. Everything in double.
 */
final class JacobianAnalysis {
    private final LayerView view;
    private final ProbeSettings settings;
    private final int steps;
    private final int batch;

    private final rnnlab.math.Blas blas;

    JacobianAnalysis(LayerView view, ProbeSettings settings, rnnlab.math.Blas blas) {
        this.blas = blas;
        this.view = view;
        this.settings = settings;
        this.steps = view.trace.steps();
        this.batch = view.trace.batch();
    }

    record Result(JacobianSpectra spectra, CellPathTerms cellPath) {}

    private int length(int b) {
        int[] lengths = view.trace.lengths();
        return lengths == null ? steps : lengths[b];
    }

    Result run() {
        int[] chosen = chooseSequences();
        int n = view.stateSize(), h = view.hidden, count = chosen.length;
        boolean lstm = view.cell.hasCellState();
        double[][] stepNorm = nanRows(count, steps), log10Product = nanRows(count, steps + 1);
        double[][][] terms = lstm ? new double[5][][] : null; // direct, forget, input, candidate, total
        if (lstm) for (int k = 0; k < 5; k++) terms[k] = nanRows(count, steps);

        StepForm form = StepForm.of(view);
        float[] product = new float[n * n], next = new float[n * n];
        double[][] rows = Dense.zeros(n, n), rowsT = Dense.zeros(n, n);
        PowerIteration stepPower = power(), productPower = power();
        PowerIteration[] termPower = {power(), power(), power(), power()};
        double[] direct = new double[h], forget = new double[h], input = new double[h], candidate = new double[h], right = new double[h];
        double[][] total = lstm ? Dense.zeros(h, h) : null, totalT = lstm ? Dense.zeros(h, h) : null;
        LinearMap totalMap = lstm ? LinearMap.dense(total, totalT) : null;
        LinearMap[] termMaps = lstm ? new LinearMap[] {
                LinearMap.scaled(forget, view.block(1), view.blockTransposed(1), right),
                LinearMap.scaled(input, view.block(0), view.blockTransposed(0), right),
                LinearMap.scaled(candidate, view.block(2), view.blockTransposed(2), right)} : null;
        // Iterate on the product's transpose: its right singular vector is the product's left one, on the
        // state_T side, which settles from lag to lag and so warm-starts well.
        LinearMap productMap = LinearMap.dense(rows, rowsT).transposed();

        for (int s = 0; s < count; s++) {
            int b = chosen[s], len = length(b);
            java.util.Arrays.fill(product, 0f);
            for (int i = 0; i < n; i++) product[i * n + i] = 1f;
            double logScale = 0;
            log10Product[s][0] = 0;
            boolean alive = true;
            for (int k = 0; k < len; k++) {
                int t = len - k;
                form.load(b, t);
                stepNorm[s][k] = stepPower.norm(form.map());
                if (alive) {
                    // P_{k+1} = P_k·J_t in float32 (P_k has norm 1), its norm in double
                    form.multiply(blas, product, next);
                    for (int i = 0; i < n; i++) {
                        double[] row = rows[i];
                        for (int j = 0; j < n; j++) row[j] = next[i * n + j];
                    }
                    Dense.transpose(rows, rowsT);
                    double sigma = productPower.norm(productMap);
                    if (sigma > 0 && Double.isFinite(sigma)) {
                        logScale += Math.log10(sigma);
                        log10Product[s][k + 1] = logScale;
                        float inv = (float) (1 / sigma);
                        for (int i = 0; i < product.length; i++) product[i] = next[i] * inv;
                    } else {
                        alive = false;
                        double rest = sigma == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
                        Arrays.fill(log10Product[s], k + 1, len + 1, rest);
                    }
                }
                if (lstm) {
                    view.cellPathCoefficients(b, t, direct, forget, input, candidate, right);
                    double max = 0;
                    for (double f : direct) max = Math.max(max, Math.abs(f));
                    terms[0][s][k] = max;
                    for (int m = 0; m < 3; m++) terms[m + 1][s][k] = termPower[m].norm(termMaps[m]);
                    // The total: diag(f) + C·diag(right), C = ∂c_t/∂h_{t−1}.
                    double[][] c = ((StepForm.Lstm) form).cRows;
                    for (int i = 0; i < h; i++) {
                        double[] src = c[i], dst = total[i];
                        for (int j = 0; j < h; j++) dst[j] = src[j] * right[j];
                        dst[i] += direct[i];
                    }
                    Dense.transpose(total, totalT);
                    terms[4][s][k] = termPower[3].norm(totalMap);
                }
            }
        }
        long iterations = stepPower.iterations() + productPower.iterations();
        long unconverged = stepPower.unconverged() + productPower.unconverged();
        for (PowerIteration p : termPower) {
            iterations += p.iterations();
            unconverged += p.unconverged();
        }
        double[][] productPerSequence = new double[count][steps + 1];
        for (int s = 0; s < count; s++)
            for (int k = 0; k <= steps; k++) productPerSequence[s][k] = Math.pow(10, log10Product[s][k]);
        double[] productNorm = meanOverRows(productPerSequence, steps + 1);
        JacobianSpectra spectra = new JacobianSpectra(chosen, n, meanOverRows(stepNorm, steps), stepNorm,
                productNorm, meanOverRows(log10Product, steps + 1), log10Product, CurveSummary.of(productNorm),
                iterations, unconverged);
        CellPathTerms cellPath = lstm ? forgetGates(chosen, terms) : null;
        return new Result(spectra, cellPath);
    }

    /** Forget-gate statistics over every probe sequence, with the term norms of the chosen ones. */
    private CellPathTerms forgetGates(int[] chosen, double[][][] terms) {
        int h = view.hidden;
        double[] gateSum = new double[steps];
        int[] gateCount = new int[steps];
        double[] productSum = new double[steps + 1], logSum = new double[steps + 1];
        int[] lagCount = new int[steps + 1];
        double[] product = new double[h], log = new double[h];
        for (int b = 0; b < batch; b++) {
            int len = length(b);
            if (len == 0) continue;
            Arrays.fill(product, 1);
            Arrays.fill(log, 0);
            lagCount[0] += h;
            productSum[0] += h;
            for (int k = 0; k < len; k++) {
                int t = len - k;
                gateSum[k] += view.meanForgetGate(b, t);
                gateCount[k]++;
                double p = 0, l = 0;
                for (int i = 0; i < h; i++) {
                    double f = view.forgetGate(b, t, i);
                    product[i] *= f;
                    log[i] += Math.log10(f);
                    p += product[i];
                    l += log[i];
                }
                productSum[k + 1] += p;
                logSum[k + 1] += l;
                lagCount[k + 1] += h;
            }
        }
        double[] gateMean = new double[steps], productMean = new double[steps + 1], logMean = new double[steps + 1];
        for (int k = 0; k < steps; k++) gateMean[k] = gateCount[k] == 0 ? Double.NaN : gateSum[k] / gateCount[k];
        for (int k = 0; k <= steps; k++) {
            productMean[k] = lagCount[k] == 0 ? Double.NaN : productSum[k] / lagCount[k];
            logMean[k] = lagCount[k] == 0 ? Double.NaN : logSum[k] / lagCount[k];
        }
        return new CellPathTerms(chosen, meanOverRows(terms[0], steps), meanOverRows(terms[1], steps),
                meanOverRows(terms[2], steps), meanOverRows(terms[3], steps), meanOverRows(terms[4], steps),
                gateMean, productMean, logMean);
    }

    private int[] chooseSequences() {
        int[] chosen = new int[Math.min(settings.jacobianSequences(), batch)];
        int n = 0;
        for (int b = 0; b < batch && n < chosen.length; b++) if (length(b) > 0) chosen[n++] = b;
        return Arrays.copyOf(chosen, n);
    }

    private PowerIteration power() {
        return new PowerIteration(settings.powerTolerance(), settings.powerIterations());
    }

    static double[][] nanRows(int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) Arrays.fill(r, Double.NaN);
        return a;
    }

    /** The means of the first {@code cols} columns over the rows, skipping NaN; NaN where every row is NaN. */
    static double[] meanOverRows(double[][] rows, int cols) {
        double[] mean = new double[cols];
        for (int c = 0; c < cols; c++) {
            double s = 0;
            int n = 0;
            for (double[] r : rows) {
                if (!Double.isNaN(r[c])) {
                    s += r[c];
                    n++;
                }
            }
            mean[c] = n == 0 ? Double.NaN : s / n;
        }
        return mean;
    }
}
