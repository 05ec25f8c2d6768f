package dev.seckill.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the servers' consumers and sweepers counted, read from their {@code /metrics}. Each life
 * of a server (a pid, or the URL of one the bench did not start) keeps its last reading, so a
 * server the bench kills is read just before and its restart, counting from zero, adds to it.
 */
final class ServerCounters {

    /** The series the report and the drills' verdicts use, as Prometheus names them. */
    static final String CREATED = "seckill_orders_consumed_total{outcome=\"created\"}";

    static final String ALREADY_RECORDED = "seckill_orders_consumed_total{outcome=\"already_recorded\"}";
    static final String RELEASED = "seckill_orders_consumed_total{outcome=\"released\"}";
    static final String RETRIES = "seckill_orders_retries_total";
    static final String DEAD_LETTERED = "seckill_orders_dead_lettered_total";
    static final String SWEPT = "seckill_orders_swept_total";
    static final String EXPIRED = "seckill_orders_expired_total";
    static final List<String> SERIES =
            List.of(CREATED, ALREADY_RECORDED, RELEASED, RETRIES, DEAD_LETTERED, SWEPT, EXPIRED);

    private final String adminToken;
    private final Map<String, Map<String, Long>> lastReadings = new LinkedHashMap<>();

    ServerCounters(String adminToken) {
        this.adminToken = adminToken;
    }

    /** Reads the counters of a running server; a server that does not answer keeps its last reading. */
    synchronized void read(String life, URI url) {
        new AdminApi(url, adminToken).metrics().ifPresent(page -> lastReadings.put(life, parse(page)));
    }

    void read(ServerProcess server) {
        if (server.alive()) {
            read("pid " + server.pid(), server.url());
        }
    }

    /** Every series of {@link #SERIES}, summed over the lives read so far (0 when none counted it). */
    synchronized Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        SERIES.forEach(series -> totals.put(series, 0L));
        lastReadings
                .values()
                .forEach(reading -> reading.forEach((series, value) -> totals.merge(series, value, Long::sum)));
        return totals;
    }

    long total(String series) {
        return totals().get(series);
    }

    /** The {@link #SERIES} found in a Prometheus text page. */
    static Map<String, Long> parse(String page) {
        Map<String, Long> found = new LinkedHashMap<>();
        for (String line : page.lines().toList()) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            // older Prometheus clients end a label set with a comma: {outcome="created",}
            String series = line.substring(0, space).replace(",}", "}");
            if (SERIES.contains(series)) {
                parseCount(line.substring(space + 1)).ifPresent(value -> found.put(series, value));
            }
        }
        return found;
    }

    private static Optional<Long> parseCount(String value) {
        try {
            return Optional.of((long) Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
