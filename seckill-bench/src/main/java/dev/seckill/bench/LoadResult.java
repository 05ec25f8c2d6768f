package dev.seckill.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One measured run of the load generator.
 *
 * @param origin    the run's start ({@link System#nanoTime})
 * @param answers   requests that got an HTTP answer (any status)
 * @param errors    requests that got none (refused, reset, timed out, cut off)
 * @param latency   answered requests' latencies in microseconds
 * @param outcomes  counts by {@code "<status> <code>"}; status 0 for transport errors, code
 *                  {@value LoadRecorder#ACCEPTED} for an order accepted
 * @param accepts   the orders answered with 200, in answer order
 * @param lastEnd   when the last answer came ({@link System#nanoTime})
 */
record LoadResult(
        String label,
        long origin,
        long answers,
        long errors,
        Histogram latency,
        List<SecondStats> perSecond,
        Map<String, Long> outcomes,
        List<LoadRecorder.Accept> accepts,
        long lastEnd) {

    /** One second of the run: answers, accepted orders, transport errors, latency percentiles in ms. */
    record SecondStats(
            int second, long answers, long accepted, long errors, double p50Ms, double p99Ms, double maxMs) {}

    /** Answers per second from the start to the last answer. */
    double answersPerSecond() {
        double seconds = elapsedSeconds();
        return seconds <= 0 ? 0 : answers / seconds;
    }

    double elapsedSeconds() {
        return Math.max(0, lastEnd - origin) / 1e9;
    }

    double percentileMs(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1_000.0;
    }

    double maxMs() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1_000.0;
    }

    double meanMs() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1_000.0;
    }

    /** Counts by HTTP status; 0 stands for "no answer". */
    Map<Integer, Long> byStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        outcomes.forEach(
                (key, count) -> counts.merge(Integer.parseInt(key.substring(0, key.indexOf(' '))), count, Long::sum));
        return counts;
    }

    /** Counts by answer {@code code} ({@value LoadRecorder#ACCEPTED} for a 200 with an order), transport errors by kind. */
    Map<String, Long> byCode() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((key, count) -> counts.merge(key.substring(key.indexOf(' ') + 1), count, Long::sum));
        return counts;
    }

    long count(int status) {
        return byStatus().getOrDefault(status, 0L);
    }
}
