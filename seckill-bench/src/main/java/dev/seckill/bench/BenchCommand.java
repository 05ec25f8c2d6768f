package dev.seckill.bench;

import dev.seckill.app.ConfigOption;
import dev.seckill.app.SeckillConfig;
import dev.seckill.app.SessionTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "seckill bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Load benchmark and consistency audit. Registers a voucher, logs users in, drives the load with the "
                    + "built-in generator (and GET /health/live with the same settings, for the ratio), waits for the orders to reach "
                    + "the DB, audits the guarantees (docs/guarantees.md) and reports.",
            "Without --url it starts its own server (java -Xmx512m -jar seckill-app/target/seckill-app.jar run) on a fresh database, Redis "
                    + "prefix and topics. Durations: 500ms, 10s, 2m.",
            "Exit code: 0 when every audit line passes, 1 when one fails, 2 for bad options."
        })
final class BenchCommand implements Callable<Integer> {

    private static final Duration OPEN_WARMUP = Duration.ofSeconds(30);
    // a bound, not a length: the closed model's warm-up ends as soon as the server's JIT has settled
    private static final Duration CLOSED_WARMUP = Duration.ofMinutes(5);

    @Mixin
    ConfigOption config;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "measure a running server (loopback only) instead of starting one")
    String url;

    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            description = "that server's X-Admin-Token (required with --url)")
    String adminToken;

    @Option(
            names = "--model",
            paramLabel = "burst|closed",
            defaultValue = "burst",
            description = "burst: each user asks --repeat times spread over --ramp-window (open loop); "
                    + "closed: --connections ask back to back for --duration (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--stock",
            paramLabel = "N",
            defaultValue = "1000",
            description = "the voucher's stock (default: ${DEFAULT-VALUE})")
    int stock;

    @Option(
            names = "--users",
            paramLabel = "N",
            defaultValue = "20000",
            description = "login sessions to create and use (default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "requests per user in a burst (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(
            names = "--ramp-window",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "the burst's spread (default: ${DEFAULT-VALUE})")
    Duration rampWindow;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "64",
            description = "keep-alive connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "the closed loop's length (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "warm-up before the measured load, not counted; 0 for none; drills skip it. Open model: that long on "
                            + "each endpoint (default 30s). Closed model: rounds of every path until the server's JIT has settled "
                            + "(under 50 ms of compiling per second), at most that long (default 5m)")
    Duration warmup;

    @Option(
            names = "--drill",
            paramLabel = "NAME",
            description =
                    "a fault drill during the burst: kill-app, kill-instance, kafka-outage, db-outage, retry, dlq, two-instances, redis-failover, cluster-failover, "
                            + "redis-crash, redis-flush, expire (order.acknowledge, e.g. SECKILL_ORDER_ACKNOWLEDGE=published, sets the servers' mode)")
    String drill;

    @Option(
            names = "--outage",
            paramLabel = "DURATION",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "how long kafka-outage and db-outage keep the service stopped (default: ${DEFAULT-VALUE})")
    Duration outage;

    @Option(
            names = "--drain-timeout",
            paramLabel = "DURATION",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description = "the longest wait for the orders to reach the DB after the load (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(
            names = "--request-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "a request unanswered this long counts as a timeout (default: ${DEFAULT-VALUE})")
    Duration requestTimeout;

    @Option(
            names = "--load-threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "event-loop threads of the load generator (default: ${DEFAULT-VALUE})")
    int loadThreads;

    @Option(
            names = "--drain-backlog",
            paramLabel = "N",
            description =
                    "orders for the drain measurement, a backlog built while a server of its own is cut off the DB; "
                            + "0 to skip (default: min(users, 20000), skipped in drills and with --url)")
    Integer drainBacklog;

    @Option(
            names = "--drain-warmups",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "backlogs the fresh drain server drains first, not counted: its JIT compiles the consumer's "
                            + "once-per-batch methods only after ~100,000 orders, taking most of a core meanwhile (default: ${DEFAULT-VALUE})")
    int drainWarmups;

    @Option(
            names = "--drain-rounds",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "backlogs drained and measured after the warm-up; the report gives the median (default: ${DEFAULT-VALUE})")
    int drainRounds;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
    Path json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "also write the report as HTML with latency and throughput charts")
    Path html;

    @Option(
            names = "--out-dir",
            paramLabel = "DIR",
            defaultValue = "bench-out",
            description = "server logs and run files go to DIR/<run> (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "the server jar (default: seckill-app/target/seckill-app.jar of this repository)")
    Path jar;

    @Option(
            names = "--server-heap",
            paramLabel = "SIZE",
            defaultValue = "512m",
            description = "-Xmx of the servers (default: ${DEFAULT-VALUE})")
    String serverHeap;

    @Option(
            names = "--keep-data",
            description = "keep the run's database and topics (they are kept anyway when the audit fails)")
    boolean keepData;

    @Override
    public Integer call() {
        BenchSettings settings = settings();
        SeckillConfig loaded = config.load();
        boolean passed = new Benchmark(settings, loaded, config.file(), SessionTokens::issue, System.out).run();
        return passed ? 0 : 1;
    }

    BenchSettings settings() {
        Optional<BenchSettings.Drill> chosenDrill = Optional.ofNullable(drill).map(BenchSettings.Drill::named);
        BenchSettings.Model chosenModel = BenchSettings.Model.named(model);
        int backlog = drainBacklog != null
                ? drainBacklog
                : chosenDrill.isPresent() || url != null ? 0 : Math.min(users, 20_000);
        return new BenchSettings(
                Optional.ofNullable(url).map(BenchCommand::uri),
                Optional.ofNullable(adminToken),
                chosenModel,
                stock,
                users,
                repeat,
                rampWindow,
                connections,
                duration,
                warmup != null ? warmup : chosenModel == BenchSettings.Model.CLOSED ? CLOSED_WARMUP : OPEN_WARMUP,
                chosenDrill,
                outage,
                drainTimeout,
                requestTimeout,
                loadThreads,
                backlog,
                drainWarmups,
                drainRounds,
                Optional.ofNullable(json),
                Optional.ofNullable(html),
                outDir,
                Optional.ofNullable(jar),
                serverHeap,
                keepData);
    }

    private static URI uri(String text) {
        try {
            return new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, got '" + text + "'");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return BenchSettings.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
