package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.bench.BenchSettings.Model;
import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisSettings;
import dev.seckill.redis.RedisStockReservations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
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
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

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
            Run run = new Run(name, runDir, resources, adminToken, redis, inspector, servers);
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

    /** One run's state, from the servers to the report. */
    private final class Run {
        final String name;
        final Path runDir;
        final RunResources resources;
        final String adminToken;
        final RedisConnection redis;
        final SaleInspector inspector;
        final BenchServers fleet;
        final List<ServerProcess> servers;
        final DrillRunner drills;
        final ServerCounters counters;
        final RunAudit runAudit;
        LoadPlans plans;
        BenchUsers users;
        int stock;

        Run(
                String name,
                Path runDir,
                RunResources resources,
                String adminToken,
                RedisConnection redis,
                SaleInspector inspector,
                BenchServers fleet) {
            this.name = name;
            this.runDir = runDir;
            this.resources = resources;
            this.adminToken = adminToken;
            this.redis = redis;
            this.inspector = inspector;
            this.fleet = fleet;
            this.servers = fleet.list();
            this.counters = new ServerCounters(adminToken);
            this.drills = new DrillRunner(
                    settings,
                    servers,
                    counters,
                    runDir,
                    resources,
                    inspector,
                    config.order().acknowledge(),
                    () -> users.logInAgain(),
                    config.kafka().sessionTimeout());
            this.runAudit = new RunAudit(settings, config, inspector, drills, counters, servers, redis);
        }

        BenchReport execute() {
            Instant startedAt = Instant.now();
            List<InetSocketAddress> targets = fleet.start();
            plans = new LoadPlans(settings, targets);
            AdminApi api = new AdminApi(
                    settings.url()
                            .orElse(servers.isEmpty() ? null : servers.get(0).url()),
                    adminToken);
            WarmUp warmUp = new WarmUp(
                    settings,
                    name,
                    plans,
                    this::seckillRequests,
                    voucher -> new StatsSampler(inspector.another(), api, voucher, SAMPLE_EVERY, settings.warmup()));
            boolean closedModel = settings.model() == Model.CLOSED;
            // the closed model measures the accept path first: a stock for every user, every request a first purchase
            // (one unit more than users, so that the repeat path after it is ALREADY_ORDERED, not SOLD_OUT)
            stock = closedModel ? Math.max(settings.stock(), settings.users() + 1) : settings.stock();
            long voucherId = api.registerVoucher("bench " + name, stock);
            LOG.info("voucher {} with stock {}", voucherId, stock);
            users = BenchUsers.logIn(settings.users(), issueTokens, redis);

            LoadResult bare = null;
            if (settings.drill().isEmpty() && closedModel) {
                warmUp.rehearse(api);
                bare = measureBare();
            } else if (settings.drill().isEmpty()) {
                warmUp.bare();
                bare = measureBare();
                warmUp.seckill(api);
            }
            StatsSampler sampler = new StatsSampler(
                    inspector.another(),
                    api,
                    voucherId,
                    SAMPLE_EVERY,
                    loadLength()
                            .plus(settings.drainTimeout())
                            .plus(settings.outage())
                            .plusMinutes(10));
            LoadGenerator.Plan seckillPlan = closedModel
                    ? plans.closed("seckill", seckillWorkload(voucherId), true, settings.duration(), settings.users())
                    : plans.plan("seckill", seckillWorkload(voucherId), true, settings.model());
            Thread drill = drills.start(api, voucherId, seckillPlan.acceptedSoFar());
            LOG.info("{}: {}", settings.model().label(), describeLoad());
            Optional<AcceptCost.Meter> cost = costMeter(api);
            LoadResult seckill = LoadGenerator.run(seckillPlan);
            long loadEnd = System.nanoTime();
            Optional<AcceptCost> acceptCost = cost.flatMap(AcceptCost.Meter::stop);
            LOG.info(
                    "load done: {} answers, {} accepted, {} without an answer",
                    seckill.answers(),
                    seckill.accepts().size(),
                    seckill.errors());
            Drain drain = new DrainWatch(settings, inspector)
                    .await(voucherId, seckill, loadEnd, drill, drills.patience(), sampler);
            drills.finish(drill);
            sampler.close();
            ClosedPaths paths = closedModel ? otherPaths(api, voucherId, seckill, acceptCost.orElse(null)) : null;

            // the expiry drill acts once the burst has drained: pay, cancel, wait out the deadline, sell again
            List<LoadRecorder.Accept> resold =
                    settings.drill().filter(d -> d == Drill.EXPIRE).isPresent()
                            ? drills.expire(api, voucherId, seckill.accepts(), users.tokens)
                            : List.of();
            List<Audit.Line> audit =
                    runAudit.audit(api, voucherId, stock, seckill, resold, users.userIds, users.tokens);
            boolean alive = settings.url().isPresent() || servers.stream().allMatch(ServerProcess::alive);
            Map<String, Long> serverCounts = runAudit.serverCounts();
            List<String> urls = servers.stream().map(s -> s.url().toString()).toList();
            List<Path> logs =
                    servers.stream().map(ServerProcess::log).distinct().toList();
            BacklogDrain backlog = settings.drainBacklog() > 0
                            && settings.drill().isEmpty()
                            && settings.url().isEmpty()
                    ? new BacklogDrainMeasurement(
                                    settings,
                                    configFile,
                                    runDir,
                                    name,
                                    resources,
                                    adminToken,
                                    inspector,
                                    servers,
                                    this::seckillRequests)
                            .measure()
                    : null;
            String machine = Machine.describe() + "; DB " + inspector.commitDurability();
            return new BenchReport(
                    name,
                    startedAt,
                    machine,
                    settings,
                    urls,
                    settings.url().map(URI::toString).orElse(null),
                    voucherId,
                    stock,
                    bare,
                    seckill,
                    paths,
                    drain,
                    backlog,
                    sampler.maxPending(seckill.origin(), loadEnd),
                    sampler.maxHeapBytes(),
                    alive,
                    sampler.samples(),
                    drills.events(),
                    serverCounts,
                    audit,
                    Audit.passed(audit),
                    runDir,
                    logs);
        }

        private LoadResult measureBare() {
            LOG.info("bare /health/live: {}", describeLoad());
            LoadResult result = LoadGenerator.run(plans.plan("bare", LoadPlans.BARE, false, settings.model()));
            LOG.info("bare: {} req/s, p99 {} ms", Math.round(result.answersPerSecond()), result.percentileMs(99));
            return result;
        }

        private LoadGenerator.Workload seckillWorkload(long voucherId) {
            byte[][] requests = seckillRequests(voucherId);
            if (settings.model() == Model.CLOSED) {
                return SlotWorkload.inTurn(requests);
            }
            return SlotWorkload.shuffledRounds(requests);
        }

        private byte[][] seckillRequests(long voucherId) {
            List<String> tokens = users.tokens;
            byte[][] requests = new byte[tokens.size()][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Requests.seckill(voucherId, tokens.get(i));
            }
            return requests;
        }

        /** Counts what the accept path costs on the one server and the services (empty with --url or two servers). */
        private Optional<AcceptCost.Meter> costMeter(AdminApi api) {
            if (servers.size() != 1 || settings.model() != Model.CLOSED) {
                return Optional.empty();
            }
            ServiceProcesses services = ServiceProcesses.of(resources);
            if (!services.missing().isEmpty()) {
                LOG.warn("CPU of {} not counted: no local process found listening there", services.missing());
            }
            return Optional.of(AcceptCost.start(servers.get(0).pid(), api, services));
        }

        /**
         * After the accept path, the same closed loop on the two other paths, with the same users (each holds
         * an order): again on the same voucher (ALREADY_ORDERED), then on a voucher of one unit (SOLD_OUT).
         */
        private ClosedPaths otherPaths(AdminApi api, long voucherId, LoadResult accepted, AcceptCost acceptCost) {
            int[] holders = accepted.accepts().stream()
                    .mapToInt(LoadRecorder.Accept::slot)
                    .distinct()
                    .toArray();
            if (holders.length == 0) {
                throw new IllegalStateException("no order was accepted: there is no repeat path to measure");
            }
            byte[][] requests = seckillRequests(voucherId);
            LOG.info("repeat path: the {} users who hold an order, on voucher {} again", holders.length, voucherId);
            LoadResult repeat = LoadGenerator.run(
                    plans.closed("repeat", SlotWorkload.inTurn(requests, holders), true, settings.duration()));
            long soldOutVoucher = api.registerVoucher("bench sold out " + name, 1);
            LOG.info("sold-out path: the same {} users on voucher {} of one unit", holders.length, soldOutVoucher);
            // buyers the server has just seen, as after a real sell-out: a new buyer's session lookup is the accept
            // path's
            LoadResult soldOut = LoadGenerator.run(plans.closed(
                    "sold-out",
                    SlotWorkload.inTurn(seckillRequests(soldOutVoucher), holders),
                    true,
                    settings.duration()));
            return new ClosedPaths(repeat, soldOut, acceptCost);
        }

        /** Logs the run's users out, as {@link RunCleanup} drops its other data. */
        void logUsersOut() {
            if (resources.owned() && users != null) {
                users.logOut();
            }
        }

        private Duration loadLength() {
            return settings.model() == Model.CLOSED ? settings.duration() : settings.rampWindow();
        }

        private String describeLoad() {
            return settings.model() == Model.CLOSED
                    ? "%d connections for %s, closed loop"
                            .formatted(settings.connections(), Durations.format(settings.duration()))
                    : "%d requests (%d users x %d) over %s, %d connections, open loop"
                            .formatted(
                                    settings.burstRequests(),
                                    settings.users(),
                                    settings.repeat(),
                                    Durations.format(settings.rampWindow()),
                                    settings.connections());
        }
    }
}
