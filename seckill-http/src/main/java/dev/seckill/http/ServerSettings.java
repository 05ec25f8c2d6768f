package dev.seckill.http;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Where and how the HTTP server listens. The app's {@code server:} configuration section binds straight into it.
 *
 * @param threads         Jetty's request threads
 * @param maxRequestBytes a larger request body is refused
 * @param zone            the zone of admin times given without an offset, e.g. {@code Asia/Shanghai}
 */
public record ServerSettings(String host, int port, int threads, int maxRequestBytes, String zone) {

    // 16 Jetty threads: the seckill endpoint holds none while waiting on Redis, and 32 gave a longer p99 tail on 2
    // cores
    public static final ServerSettings DEFAULTS = new ServerSettings("127.0.0.1", 8081, 16, 16_384, "Asia/Shanghai");

    public ServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        requireRange("port", port, 0, 65_535);
        requireRange("threads", threads, 4, 1_000);
        requireRange("maxRequestBytes", maxRequestBytes, 1_024, 10 * 1024 * 1024);
        try {
            ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "zone must be a time zone such as Asia/Shanghai or UTC, got '" + zone + "'");
        }
    }

    /** {@link #zone} as a zone. */
    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
