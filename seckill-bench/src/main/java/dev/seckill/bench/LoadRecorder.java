package dev.seckill.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load-generator thread saw: latencies in an HdrHistogram (microseconds), per-second
 * buckets for the charts, answers counted by status and {@code code}, and the accepted orders.
 * Not thread-safe: one per thread, merged with {@link #merge} at the end.
 */
final class LoadRecorder {

    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    static final String ACCEPTED = "ACCEPTED";

    /** An order id answered with 200, for the user of {@code slot}. */
    record Accept(int slot, long orderId, long atNanos) {}

    private static final class Second {
        long answers;
        long accepted;
        long errors;
        final Histogram latency = new Histogram(MAX_MICROS, 2);
    }

    private final long origin;
    private final boolean ordersAnswered;
    private final Histogram latency = new Histogram(MAX_MICROS, 3);
    private final List<Second> seconds = new ArrayList<>();
    private final Map<String, long[]> outcomes = new HashMap<>();
    private final List<Accept> accepts = new ArrayList<>();
    private long answers;
    private long errors;
    private long lastEnd = Long.MIN_VALUE;

    /**
     * @param origin         the run's start ({@link System#nanoTime}); seconds are counted from it
     * @param ordersAnswered a 200 carries an order id in {@code data} (the seckill endpoint)
     */
    LoadRecorder(long origin, boolean ordersAnswered) {
        this.origin = origin;
        this.ordersAnswered = ordersAnswered;
    }

    /** An HTTP answer; {@code latencyFrom} is when the request was due (burst) or sent (closed loop). */
    void answered(int slot, int status, String code, String data, long latencyFrom, long now) {
        answers++;
        long micros = Math.max(0, Math.min(MAX_MICROS, (now - latencyFrom) / 1_000));
        latency.recordValue(micros);
        Second second = second(now);
        second.answers++;
        second.latency.recordValue(micros);
        lastEnd = Math.max(lastEnd, now);
        boolean accepted = ordersAnswered && status == 200 && data != null;
        if (accepted) {
            second.accepted++;
            accepts.add(new Accept(slot, parseOrderId(data), now));
        }
        String label = accepted ? ACCEPTED : code != null ? code : status == 200 ? "OK" : "-";
        outcomes.computeIfAbsent(status + " " + label, k -> new long[1])[0]++;
    }

    /** {@code count} requests without an HTTP answer: refused, reset, closed, timed out, cut off or never sent. */
    void failed(String kind, long count, long now) {
        if (count <= 0) {
            return;
        }
        errors += count;
        second(now).errors += count;
        outcomes.computeIfAbsent("0 " + kind, k -> new long[1])[0] += count;
    }

    private Second second(long now) {
        int index = (int) Math.max(0, (now - origin) / 1_000_000_000L);
        while (seconds.size() <= index) {
            seconds.add(new Second());
        }
        return seconds.get(index);
    }

    private static long parseOrderId(String data) {
        try {
            return Long.parseLong(data);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Everything the threads of one run saw, as one result. */
    static LoadResult merge(String label, long origin, List<LoadRecorder> recorders) {
        Histogram all = new Histogram(MAX_MICROS, 3);
        Map<String, Long> outcomes = new TreeMap<>();
        List<Accept> accepts = new ArrayList<>();
        long answers = 0;
        long errors = 0;
        long lastEnd = origin;
        int secondsCount =
                recorders.stream().mapToInt(r -> r.seconds.size()).max().orElse(0);
        List<LoadResult.SecondStats> perSecond = new ArrayList<>();
        for (int s = 0; s < secondsCount; s++) {
            Histogram h = new Histogram(MAX_MICROS, 2);
            long count = 0;
            long accepted = 0;
            long failed = 0;
            for (LoadRecorder r : recorders) {
                if (s < r.seconds.size()) {
                    Second second = r.seconds.get(s);
                    h.add(second.latency);
                    count += second.answers;
                    accepted += second.accepted;
                    failed += second.errors;
                }
            }
            perSecond.add(new LoadResult.SecondStats(
                    s,
                    count,
                    accepted,
                    failed,
                    count == 0 ? 0 : h.getValueAtPercentile(50) / 1_000.0,
                    count == 0 ? 0 : h.getValueAtPercentile(99) / 1_000.0,
                    count == 0 ? 0 : h.getMaxValue() / 1_000.0));
        }
        for (LoadRecorder r : recorders) {
            all.add(r.latency);
            r.outcomes.forEach((k, v) -> outcomes.merge(k, v[0], Long::sum));
            accepts.addAll(r.accepts);
            answers += r.answers;
            errors += r.errors;
            lastEnd = Math.max(lastEnd, r.lastEnd);
        }
        accepts.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        return new LoadResult(label, origin, answers, errors, all, perSecond, outcomes, accepts, lastEnd);
    }
}
