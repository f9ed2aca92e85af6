package dev.crashtriage.fleet;

/**
 * The three tests the fleet report rests on, each small enough to check by hand:
 * <ul>
 *   <li>the Rayleigh test of uniformity for angles on a circle (hours of the day), with Zar's
 *       small-sample correction of its p-value (J. H. Zar, Biostatistical Analysis, 4th ed., eq. 27.4);</li>
 *   <li>the Poisson upper tail, for how often two independent crash processes fall within a window;</li>
 *   <li>Fisher's exact test, one-sided, for an attribute over-represented among affected hosts.</li>
 * </ul>
 */
public final class FleetStatistics {
    private FleetStatistics() {
    }

    /** The Rayleigh test's p-value for {@code n} angles (radians); 1 when there are fewer than two. */
    public static double rayleighP(double[] angles) {
        int n = angles.length;
        if (n < 2) {
            return 1.0;
        }
        double c = 0;
        double s = 0;
        for (double a : angles) {
            c += Math.cos(a);
            s += Math.sin(a);
        }
        double r = Math.sqrt(c * c + s * s) / n;
        double z = n * r * r;
        double p = Math.exp(-z) * (1 + (2 * z - z * z) / (4.0 * n)
                - (24 * z - 132 * z * z + 76 * z * z * z - 9 * z * z * z * z) / (288.0 * n * n));
        return clamp(p);
    }

    /** The mean direction of the angles, in radians [0, 2π). */
    public static double meanAngle(double[] angles) {
        double c = 0;
        double s = 0;
        for (double a : angles) {
            c += Math.cos(a);
            s += Math.sin(a);
        }
        double m = Math.atan2(s, c);
        return m < 0 ? m + 2 * Math.PI : m;
    }

    /** P(X &ge; k) for X ~ Poisson(mu). */
    public static double poissonUpperTail(int k, double mu) {
        if (k <= 0) {
            return 1.0;
        }
        if (mu <= 0) {
            return 0.0;
        }
        // 1 - P(X <= k-1), summed in log space so large k and tiny mu stay accurate
        double term = Math.exp(-mu);
        double cdf = term;
        for (int i = 1; i < k; i++) {
            term *= mu / i;
            cdf += term;
        }
        double tail = 1 - cdf;
        if (tail < 1e-12) {
            // direct sum of the upper terms when 1 - cdf cancels
            double t = Math.exp(-mu + k * Math.log(mu) - logFactorial(k));
            double sum = 0;
            for (int i = k; i < k + 200 && t > 0; i++) {
                sum += t;
                t *= mu / (i + 1);
            }
            return clamp(sum);
        }
        return clamp(tail);
    }

    /**
     * One-sided Fisher exact test: the probability, with all margins fixed, of {@code a} or more of the
     * {@code affected} hosts having the attribute when {@code a + b} of the {@code affected + unaffected} hosts
     * have it.
     */
    public static double fisherGreater(int a, int affected, int b, int unaffected) {
        int withAttr = a + b;
        int total = affected + unaffected;
        double p = 0;
        for (int x = a; x <= Math.min(affected, withAttr); x++) {
            p += Math.exp(logChoose(affected, x) + logChoose(unaffected, withAttr - x) - logChoose(total, withAttr));
        }
        return clamp(p);
    }

    static double logChoose(int n, int k) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    private static double clamp(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }
}
