package dev.seckill.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one {@code ./seckill bench} run does. Every value is checked here and a bad one is refused
 * with an {@link IllegalArgumentException} that names the command-line option it came from.
 *
 * @param url            a running server to measure instead of starting one (loopback only)
 * @param adminToken     that server's admin token (required with {@code url})
 * @param model          burst (each user once per repeat over the ramp window) or closed loop
 * @param stock          the voucher's stock
 * @param users          how many login sessions to create and use
 * @param repeat         how many times each user asks in a burst
 * @param rampWindow     the burst's spread
 * @param connections    keep-alive connections of the load generator
 * @param duration       the closed loop's length
 * @param warmup         the closed warm-up before each measured run, not counted
 * @param drill          a fault drill to run during the burst
 * @param outage         how long a drill keeps Kafka or the DB stopped
 * @param drainTimeout   the longest wait for the orders to reach the DB after the load
 * @param requestTimeout a request without an answer for this long counts as a timeout
 * @param loadThreads    event-loop threads of the load generator
 * @param drainBacklog   orders for the drain measurement (a backlog built while the DB is cut off); 0: skip it
 * @param drainWarmups   backlogs drained first by the fresh drain server, not counted (its JIT at work)
 * @param drainRounds    backlogs drained and measured after them; the median is the drain rate
 * @param json           where to write the JSON report
 * @param html           where to write the HTML report
 * @param outDir         where server logs and run files go
 * @param jar            the server's fat jar (default: seckill-app/target/seckill-app.jar of the repository)
 * @param serverHeap     the {@code -Xmx} of the server processes the bench starts
 * @param keepData       keep the run's database and topics after a passing run
 */
public record BenchSettings(
        Optional<URI> url,
        Optional<String> adminToken,
        Model model,
        int stock,
        int users,
        int repeat,
        Duration rampWindow,
        int connections,
        Duration duration,
        Duration warmup,
        Optional<Drill> drill,
        Duration outage,
        Duration drainTimeout,
        Duration requestTimeout,
        int loadThreads,
        int drainBacklog,
        int drainWarmups,
        int drainRounds,
        Optional<Path> json,
        Optional<Path> html,
        Path outDir,
        Optional<Path> jar,
        String serverHeap,
        boolean keepData) {

    /** How the load is driven. */
    public enum Model {
        /** Every user asks {@code repeat} times at moments spread evenly over the ramp window (open loop). */
        BURST,
        /** {@code connections} connections ask back to back for {@code duration}, rotating over the users. */
        CLOSED;

        /** {@code burst} or {@code closed}; anything else is refused naming {@code --model}. */
        public static Model named(String name) {
            return Arrays.stream(values())
                    .filter(m -> m.label().equals(name))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException("--model must be burst or closed, got '" + name + "'"));
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The fault drills of {@code --drill NAME}. */
    public enum Drill {
        KILL_APP(true),
        KAFKA_OUTAGE(false),
        DB_OUTAGE(false),
        RETRY(true),
        DLQ(true),
        TWO_INSTANCES(true),
        KILL_INSTANCE(true),
        REDIS_CRASH(false),
        REDIS_FLUSH(false),
        REDIS_FAILOVER(false),
        CLUSTER_FAILOVER(false),
        KAFKA_BROKER(false),
        KAFKA_QUORUM(false),
        KAFKA_ROLLING(false),
        EXPIRE(true);

        private final boolean startsServers;

        Drill(boolean startsServers) {
            this.startsServers = startsServers;
        }

        /** How many servers the drill runs: two for the drills of two instances, else one. */
        public int servers() {
            return this == TWO_INSTANCES || this == KILL_INSTANCE ? 2 : 1;
        }

        /** Whether the drill starts (or restarts) server processes itself, which it cannot do with {@code --url}. */
        public boolean startsServers() {
            return startsServers;
        }

        /** {@code kill-app}, {@code kafka-outage}… */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The drill called {@code name}; anything else is refused with the list of drills. */
        public static Drill named(String name) {
            return Arrays.stream(values())
                    .filter(d -> d.label().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--drill must be one of " + labels() + ", got '" + name + "'"));
        }

        static String labels() {
            return Arrays.stream(values()).map(Drill::label).collect(Collectors.joining(", "));
        }
    }

    public BenchSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(jar, "jar");
        url.ifPresent(BenchSettings::requireLoopbackHttp);
        if (url.isPresent() && adminToken.filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalArgumentException(
                    "--admin-token is required with --url: the voucher and stats endpoints need it");
        }
        if (url.isEmpty() && adminToken.isPresent()) {
            throw new IllegalArgumentException(
                    "--admin-token goes with --url; the servers the bench starts get a token of their own");
        }
        requireRange("--stock", stock, 1, 10_000_000);
        requireRange("--users", users, 1, 5_000_000);
        requireRange("--repeat", repeat, 1, 100);
        requireRange("--connections", connections, 1, 4_096);
        requireRange("--load-threads", loadThreads, 1, 64);
        if (loadThreads > connections) {
            throw new IllegalArgumentException(
                    "--load-threads (" + loadThreads + ") must not exceed --connections (" + connections + ")");
        }
        requireRange("--drain-backlog", drainBacklog, 0, 5_000_000);
        if (drainBacklog > users) {
            throw new IllegalArgumentException("--drain-backlog (" + drainBacklog + ") must not exceed --users ("
                    + users + "): each backlog order is one user's");
        }
        requireRange("--drain-warmups", drainWarmups, 0, 20);
        requireRange("--drain-rounds", drainRounds, 1, 20);
        requireDuration("--ramp-window", rampWindow, Duration.ofMillis(100), Duration.ofHours(1));
        requireDuration("--duration", duration, Duration.ofSeconds(1), Duration.ofHours(1));
        requireDuration("--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10));
        requireDuration("--outage", outage, Duration.ofSeconds(1), Duration.ofMinutes(10));
        requireDuration("--drain-timeout", drainTimeout, Duration.ofSeconds(5), Duration.ofHours(1));
        requireDuration("--request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        if (drill.isPresent() && model != Model.BURST) {
            throw new IllegalArgumentException("--drill runs during a burst: drop --model " + model.label());
        }
        if (drill.filter(Drill::startsServers).isPresent() && url.isPresent()) {
            throw new IllegalArgumentException("--drill " + drill.get().label()
                    + " starts its own server processes and cannot run against --url; drop --url");
        }
        if (drill.filter(d -> d.servers() > 1).isPresent() && connections < 2) {
            throw new IllegalArgumentException("--drill " + drill.get().label()
                    + " splits the connections between two servers: --connections must be at least 2");
        }
        if (serverHeap == null || !serverHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException(
                    "--server-heap must be a JVM size such as 512m or 1g, got '" + serverHeap + "'");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    /** The number of requests of a burst. */
    public long burstRequests() {
        return (long) users * repeat;
    }

    private static void requireLoopbackHttp(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, got '" + url + "'");
        }
        try {
            if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(
                        "--url must point at this machine's loopback (127.0.0.1, localhost), got host '" + url.getHost()
                                + "': the bench never loads another machine");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--url host '" + url.getHost() + "' is unknown");
        }
    }

    private static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requireDuration(String option, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, option);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", got " + Durations.format(value));
        }
    }
}
