package dev.seckill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fault does to the service, watched every 100 ms from outside while it lasts: the server's 503 answers and its
 * request latency histogram (its {@code /metrics}), and the orders in the database. It answers how long the accept path
 * answered 503, its p99 over a stretch of time, and the longest time no order was recorded.
 */
final class FaultWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(100);
    private static final Pattern UNAVAILABLE = Pattern.compile(
            "^seckill_requests_total\\{[^}]*reason=\"unavailable\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern BUCKET = Pattern.compile(
            "^seckill_request_duration_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    /** One look: when, the 503s so far, the latency buckets so far (upper bound in seconds → count), the orders. */
    private record Look(long at, long unavailable, NavigableMap<Double, Long> buckets, long orders) {}

    private final AdminApi server;
    private final LongSupplier recordedOrders;
    private final List<Look> looks = new ArrayList<>();
    private final Thread watcher;
    private volatile boolean watching = true;

    /** @param recordedOrders the orders in the database now (negative when it cannot be read) */
    FaultWatch(AdminApi server, LongSupplier recordedOrders) {
        this.server = server;
        this.recordedOrders = recordedOrders;
        this.watcher = new Thread(this::watch, "bench-fault-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch() {
        while (watching) {
            long at = System.nanoTime();
            String page = server.metrics().orElse("");
            Look look = new Look(at, sum(UNAVAILABLE, page), buckets(page), recordedOrders.getAsLong());
            synchronized (looks) {
                looks.add(look);
            }
            LockSupport.parkNanos(EVERY.toNanos());
        }
    }

    /** How long the server answered 503: from the first look that saw one more to the last; zero when none. */
    Duration unavailableFor() {
        List<Look> seen = snapshot();
        long first = -1;
        long last = -1;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).unavailable() > seen.get(i - 1).unavailable()) {
                if (first < 0) {
                    first = seen.get(i - 1).at();
                }
                last = seen.get(i).at();
            }
        }
        return first < 0 ? Duration.ZERO : Duration.ofNanos(last - first);
    }

    /** The 503 answers the server gave while watched. */
    long unavailableAnswers() {
        List<Look> seen = snapshot();
        return seen.isEmpty()
                ? 0
                : seen.get(seen.size() - 1).unavailable() - seen.get(0).unavailable();
    }

    /** The p99 of the server's answers between two moments ({@link System#nanoTime}), in ms; -1 without answers. */
    double p99MsBetween(long from, long to) {
        List<Look> seen = snapshot();
        Look start = null;
        Look end = null;
        for (Look look : seen) {
            if (look.at() <= from || start == null) {
                start = look;
            }
            if (look.at() <= to) {
                end = look;
            }
        }
        if (start == null || end == null || end.buckets().isEmpty()) {
            return -1;
        }
        NavigableMap<Double, Long> delta = new TreeMap<>();
        for (Map.Entry<Double, Long> bucket : end.buckets().entrySet()) {
            delta.put(bucket.getKey(), bucket.getValue() - start.buckets().getOrDefault(bucket.getKey(), 0L));
        }
        long total = delta.lastEntry().getValue();
        if (total <= 0) {
            return -1;
        }
        for (Map.Entry<Double, Long> bucket : delta.entrySet()) {
            if (bucket.getValue() >= Math.ceil(total * 0.99)) {
                return bucket.getKey() * 1000;
            }
        }
        return delta.lastKey() * 1000;
    }

    /** The longest time after {@code from} that the orders in the database did not grow while more were to come. */
    Duration longestStallAfter(long from) {
        List<Look> seen = snapshot();
        long longest = 0;
        long since = -1;
        long lastOrders = -1;
        long finalOrders = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).orders();
        for (Look look : seen) {
            if (look.at() < from || look.orders() < 0) {
                lastOrders = look.orders() < 0 ? lastOrders : look.orders();
                continue;
            }
            if (look.orders() > lastOrders || look.orders() >= finalOrders) {
                since = -1;
            } else if (since < 0) {
                since = look.at();
            } else {
                longest = Math.max(longest, look.at() - since);
            }
            lastOrders = Math.max(lastOrders, look.orders());
        }
        return Duration.ofNanos(longest);
    }

    private List<Look> snapshot() {
        synchronized (looks) {
            return List.copyOf(looks);
        }
    }

    private static long sum(Pattern series, String page) {
        Matcher matcher = series.matcher(page);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return (long) sum;
    }

    private static NavigableMap<Double, Long> buckets(String page) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        Matcher matcher = BUCKET.matcher(page);
        while (matcher.find()) {
            double le = "+Inf".equals(matcher.group(1)) ? Double.MAX_VALUE : Double.parseDouble(matcher.group(1));
            buckets.merge(le, (long) Double.parseDouble(matcher.group(2)), Long::sum);
        }
        return buckets;
    }

    @Override
    public void close() {
        watching = false;
        try {
            watcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
