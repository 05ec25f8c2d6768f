package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisSettings;
import dev.seckill.redis.RedisStockReservations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./seckill bench}: registers a voucher, logs users in, drives the load with the built-in
 * generator (and the bare {@code /health/live} with the same settings), waits for the orders to
 * reach the database, audits the guarantees of docs/guarantees.md and reports — on stdout, and as JSON and HTML when asked.
 * Without {@code --url} it starts its own server processes on names of their own; with
 * {@code --drill} it runs a fault drill during the burst.
 */
public final class Benchmark {

    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private final BenchSettings settings;
    private final SeckillConfig config;
    private final Optional<Path> configFile;
    private final Function<List<UserSession>, Map<String, UserSession>> issueTokens;
    private final PrintStream out;

    /**
     * @param config      where the services are (and, with {@code --url}, the names the server uses)
     * @param configFile  the {@code --config} file, handed on to the servers the bench starts
     * @param issueTokens the gen-tokens code: one fresh token per user, in the users' order
     */
    public Benchmark(
            BenchSettings settings,
            SeckillConfig config,
            Optional<Path> configFile,
            Function<List<UserSession>, Map<String, UserSession>> issueTokens,
            PrintStream out) {
        this.settings = settings;
        this.config = config;
        this.configFile = configFile;
        this.issueTokens = issueTokens;
        this.out = out;
    }

    /** The failover and broker drills run on the replicated services of {@code ./seckill services up --ha}. */
    private RunResources onTheDrillsServices(RunResources resources) {
        return switch (settings.drill().orElse(Drill.KILL_APP)) {
            case REDIS_FAILOVER -> resources.onRedis(ReplicatedRedis.sentinelUri(), false);
            case CLUSTER_FAILOVER -> resources.onRedis(ReplicatedRedis.clusterUri(), true);
            case KAFKA_BROKER, KAFKA_QUORUM, KAFKA_ROLLING -> resources.onKafka(ReplicatedKafka.servers());
            default -> resources;
        };
    }

    /** Runs the benchmark, prints the report, writes the files asked for; true when every audit line passed. */
    public boolean run() {
        String name = "bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        Path runDir = settings.outDir().resolve(name).toAbsolutePath();
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        RunResources resources = settings.url().isPresent()
                ? RunResources.configured(config)
                : onTheDrillsServices(RunResources.own(config, name));
        String adminToken =
                settings.adminToken().orElseGet(() -> HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
        LOG.info(
                "bench run {}: {} model, stock {}, {} users{}; files in {}",
                name,
                settings.model().label(),
                settings.stock(),
                settings.users(),
                settings.drill().map(d -> ", drill " + d.label()).orElse(""),
                runDir);
        boolean passed = false;
        BenchServers servers = new BenchServers(settings, config, configFile, resources, adminToken, runDir);
        // Ctrl-C must not leave the servers the bench started running
        Thread stopServers = new Thread(servers::stopAll, "bench-stop-servers");
        Runtime.getRuntime().addShutdownHook(stopServers);
        try (RedisConnection redis = RedisConnection.connect(
                        RedisSettings.of(resources.redisUri()).withCluster(resources.redisCluster()));
                SaleInspector inspector =
                        new SaleInspector(resources, new RedisStockReservations(redis, resources.keyPrefix()))) {
            BenchRun run = new BenchRun(
                    settings,
                    config,
                    configFile,
                    issueTokens,
                    name,
                    runDir,
                    resources,
                    adminToken,
                    redis,
                    inspector,
                    servers);
            BenchReport report = run.execute();
            passed = report.auditPassed();
            out.print(new TextReport(report).render());
            out.flush();
            settings.json().ifPresent(file -> write(file, new JsonReport(report).render()));
            settings.html().ifPresent(file -> write(file, new HtmlReport(report).render()));
            if (passed && !settings.keepData()) {
                servers.stopAll();
                RunCleanup.drop(resources, redis);
                run.logUsersOut();
            } else if (resources.owned()) {
                out.println("kept the run's data: database " + resources.database() + ", Redis prefix "
                        + resources.keyPrefix() + ", topics " + resources.name() + "-*");
            }
        } finally {
            servers.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopServers);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        return passed;
    }

    private static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
