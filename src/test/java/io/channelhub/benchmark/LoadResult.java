package io.channelhub.benchmark;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One open-loop run: what was offered and what came back. {@code achievedPerSecond} is the successful answers over
 * the time from the first scheduled send to the last answer: a server that keeps up achieves the offered rate, one
 * that falls behind stretches the run and achieves less. A run is <em>sustained</em> when fewer than 0.1 % of its
 * requests failed and it achieved at least 97 % of the offered rate.
 */
record LoadResult(String name, int ratePerSecond, double seconds, long sent, long ok, long errors,
        Map<String, Long> errorKinds, double achievedPerSecond, Latency latency, double sendLagP99Ms,
        boolean sustained) {

    static final double MAX_ERROR_RATIO = 0.001;
    static final double MIN_ACHIEVED_RATIO = 0.97;

    static LoadResult of(String name, int rate, double seconds, long sent, long ok, long errors,
            Map<String, Long> errorKinds, double achieved, Histogram latency, Histogram sendLag) {
        boolean sustained = errors < MAX_ERROR_RATIO * sent && achieved >= MIN_ACHIEVED_RATIO * rate;
        return new LoadResult(name, rate, seconds, sent, ok, errors, Map.copyOf(errorKinds), achieved,
                Latency.of(latency), sendLag.getValueAtPercentile(99) / 1e6, sustained);
    }

    double errorRatio() {
        return sent == 0 ? 0 : errors / (double) sent;
    }

    /** Percentiles in milliseconds, from nanosecond histograms. */
    record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

        static Latency of(Histogram nanos) {
            return new Latency(nanos.getTotalCount(), ms(nanos, 50), ms(nanos, 90), ms(nanos, 99), ms(nanos, 99.9),
                    nanos.getMaxValue() / 1e6);
        }

        private static double ms(Histogram nanos, double percentile) {
            return nanos.getValueAtPercentile(percentile) / 1e6;
        }
    }
}
