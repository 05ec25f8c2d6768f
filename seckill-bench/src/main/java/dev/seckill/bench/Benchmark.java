package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.bench.BenchSettings.Model;
import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisSettings;
import dev.seckill.redis.RedisStockReservations;
import dev.seckill.redis.RedisUserSessions;
import dev.seckill.tcpgate.TcpGate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./seckill bench}: registers a voucher, logs users in, drives the load with the built-in
 * generator (and the bare {@code /health/live} with the same settings), waits for the orders to
 * reach the database, audits SPEC §6 and reports — on stdout, and as JSON and HTML when asked.
 * Without {@code --url} it starts its own server processes on names of their own; with
 * {@code --drill} it runs a fault drill during the burst.
 */
public final class Benchmark {

    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
    private static final long FIRST_USER_ID = 1_000_001L;
    private static final Duration READY_WAIT = Duration.ofSeconds(120);
    private static final Duration SESSION_TTL = Duration.ofHours(2);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    private static final Duration SETTLED_FOR = Duration.ofSeconds(1);
    private static final Duration STUCK_FOR = Duration.ofSeconds(10);
    private static final Duration DRILL_STALE_AFTER = Duration.ofSeconds(2);
    // the Redis drills' servers give a publish up sooner, so that a lost sale's restore waits less
    private static final Duration DRILL_DELIVERY_TIMEOUT = Duration.ofSeconds(11);
    private static final int WARMUP_STOCK = 1_000;
    private static final Duration REHEARSAL_STEP = Duration.ofSeconds(4);
    // below this the JIT no longer competes with the server for the cores (two compiler threads could take 2,000)
    private static final double SETTLED_JIT_MS_PER_SECOND = 50;
    private static final LoadGenerator.Workload BARE = new Workload(new byte[][] {Requests.get("/health/live")}, i -> 0);
    private static final int STATUS_CHECKS = 2_000;
    static final List<String> LOG_PATTERNS = List.of("handleConsume success", "handleConsume failed", "publish to retry", "publish to dlq",
            "sweeper published");
    private static final Pattern SWEPT = Pattern.compile("sweeper published (\\d+) orders");

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
    public Benchmark(BenchSettings settings, SeckillConfig config, Optional<Path> configFile,
                     Function<List<UserSession>, Map<String, UserSession>> issueTokens, PrintStream out) {
        this.settings = settings;
        this.config = config;
        this.configFile = configFile;
        this.issueTokens = issueTokens;
        this.out = out;
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
        RunResources resources = settings.url().isPresent() ? RunResources.configured(config) : RunResources.own(config, name);
        String adminToken = settings.adminToken().orElseGet(() -> HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
        LOG.info("bench run {}: {} model, stock {}, {} users{}; files in {}", name, settings.model().label(), settings.stock(),
                settings.users(), settings.drill().map(d -> ", drill " + d.label()).orElse(""), runDir);
        boolean passed = false;
        List<ServerProcess> servers = new CopyOnWriteArrayList<>();
        // Ctrl-C must not leave the servers the bench started running
        Thread stopServers = new Thread(() -> stopAll(servers), "bench-stop-servers");
        Runtime.getRuntime().addShutdownHook(stopServers);
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of(resources.redisUri()).withCluster(resources.redisCluster()));
             SaleInspector inspector = new SaleInspector(resources, new RedisStockReservations(redis, resources.keyPrefix()))) {
            Run run = new Run(name, runDir, resources, adminToken, redis, inspector, servers);
            BenchReport report = run.execute();
            passed = report.auditPassed();
            ReportWriter writer = new ReportWriter(report);
            out.print(writer.text());
            out.flush();
            settings.json().ifPresent(file -> write(file, writer.json()));
            settings.html().ifPresent(file -> write(file, writer.html()));
            if (passed && !settings.keepData()) {
                stopAll(servers);
                inspector.dropRunData();
            } else if (resources.owned()) {
                out.println("kept the run's data: database " + resources.database() + ", Redis prefix " + resources.keyPrefix()
                        + ", topics " + resources.name() + "-*");
            }
        } finally {
            stopAll(servers);
            try {
                Runtime.getRuntime().removeShutdownHook(stopServers);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        return passed;
    }

    private static void stopAll(List<ServerProcess> servers) {
        servers.forEach(ServerProcess::stop);
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
        final List<ServerProcess> servers;
        final List<String> events = new ArrayList<>();
        final List<Audit.Line> drillLines = new ArrayList<>();
        long drillOrigin;
        long[] userIds;
        List<String> tokens;
        Map<String, UserSession> sessions;
        Audit.Facts facts;
        int stock;

        Run(String name, Path runDir, RunResources resources, String adminToken, RedisConnection redis,
            SaleInspector inspector, List<ServerProcess> servers) {
            this.name = name;
            this.runDir = runDir;
            this.resources = resources;
            this.adminToken = adminToken;
            this.redis = redis;
            this.inspector = inspector;
            this.servers = servers;
        }

        BenchReport execute() {
            Instant startedAt = Instant.now();
            List<InetSocketAddress> targets = startServers();
            AdminApi api = new AdminApi(settings.url().orElse(servers.isEmpty() ? null : servers.get(0).url()), adminToken);
            boolean closedModel = settings.model() == Model.CLOSED;
            // the closed model measures the accept path first: a stock for every user, every request a first purchase
            // (one unit more than users, so that the repeat path after it is ALREADY_ORDERED, not SOLD_OUT)
            stock = closedModel ? Math.max(settings.stock(), settings.users() + 1) : settings.stock();
            long voucherId = api.registerVoucher("bench " + name, stock);
            LOG.info("voucher {} with stock {}", voucherId, stock);
            logUsersIn();

            LoadResult bare = null;
            if (settings.drill().isEmpty() && closedModel) {
                rehearse(api, targets);
                bare = measureBare(targets);
            } else if (settings.drill().isEmpty()) {
                warmUpBare(targets);
                bare = measureBare(targets);
                warmUpSeckill(api, targets);
            }
            StatsSampler sampler = new StatsSampler(api, voucherId, SAMPLE_EVERY,
                    loadLength().plus(settings.drainTimeout()).plus(settings.outage()).plusMinutes(10));
            LoadGenerator.Plan seckillPlan = closedModel
                    ? closed("seckill", targets, seckillWorkload(voucherId), true, settings.duration(), settings.users())
                    : plan("seckill", targets, seckillWorkload(voucherId), true, settings.model());
            Thread drill = startDrill(api, voucherId, seckillPlan.acceptedSoFar());
            LOG.info("{}: {}", settings.model().label(), describeLoad());
            Optional<ProcessCpu> cpuBefore = serverCpu();
            LoadResult seckill = LoadGenerator.run(seckillPlan);
            long loadEnd = System.nanoTime();
            Optional<ProcessCpu> acceptCpu = serverCpu().flatMap(after -> cpuBefore.map(after::minus));
            LOG.info("load done: {} answers, {} accepted, {} without an answer", seckill.answers(), seckill.accepts().size(), seckill.errors());
            Drain drain = awaitDrain(voucherId, seckill, loadEnd, drill, sampler);
            finishDrill(drill);
            sampler.close();
            ClosedPaths paths = closedModel ? otherPaths(api, targets, voucherId, seckill, acceptCpu.orElse(null)) : null;

            List<Audit.Line> audit = audit(api, voucherId, seckill);
            boolean alive = settings.url().isPresent() || servers.stream().allMatch(ServerProcess::alive);
            Map<String, Long> logCounts = logCounts();
            List<String> urls = servers.stream().map(s -> s.url().toString()).toList();
            List<Path> logs = servers.stream().map(ServerProcess::log).distinct().toList();
            BacklogDrain backlog = settings.drainBacklog() > 0 && settings.drill().isEmpty() && settings.url().isEmpty()
                    ? measureBacklog() : null;
            String machine = Machine.describe() + "; DB " + inspector.commitDurability();
            return new BenchReport(name, startedAt, machine, settings, urls, settings.url().map(URI::toString).orElse(null),
                    voucherId, stock, bare, seckill, paths, drain, backlog, sampler.maxPending(seckill.origin(), loadEnd), sampler.maxHeapBytes(),
                    alive, sampler.samples(), List.copyOf(events), logCounts, audit, Audit.passed(audit), runDir, logs);
        }

        private List<InetSocketAddress> startServers() {
            if (settings.url().isPresent()) {
                URI url = settings.url().get();
                AdminApi api = new AdminApi(url, adminToken);
                api.awaitReady(Duration.ofSeconds(30), () -> true, "the server at " + url);
                try {
                    return List.of(new InetSocketAddress(InetAddress.getByName(url.getHost()), url.getPort() < 0 ? 80 : url.getPort()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Path jar = ServerJar.locate(settings.jar());
            Map<String, String> env = resources.serverEnv(adminToken, null);
            env.put("FORCE_SECKILL_CONSUME_FAIL_COUNT", settings.drill().map(d -> switch (d) {
                case RETRY -> "2";
                case DLQ -> "5";
                default -> "0";
            }).orElse("0"));
            if (settings.drill().isPresent()) {
                // so that a killed server's pending orders are swept soon after the restart
                env.put("SECKILL_RELAY_STALE_AFTER_MS", Long.toString(DRILL_STALE_AFTER.toMillis()));
                env.put("SECKILL_KAFKA_DELIVERY_TIMEOUT_MS", Long.toString(DRILL_DELIVERY_TIMEOUT.toMillis()));
            }
            env.put("SECKILL_ORDER_ACKNOWLEDGE", config.order().acknowledge());
            int count = settings.drill().filter(d -> d == Drill.TWO_INSTANCES).isPresent() ? 2 : 1;
            for (int i = 1; i <= count; i++) {
                ServerProcess server = new ServerProcess("server-" + i, jar, settings.serverHeap(), configFile, env,
                        runDir.resolve("server-" + i + ".log"));
                servers.add(server);
                server.start();
            }
            for (ServerProcess server : servers) {
                new AdminApi(server.url(), adminToken).awaitReady(READY_WAIT, server::alive, server.name() + " (log " + server.log() + ")");
            }
            return servers.stream().map(ServerProcess::address).toList();
        }

        private void logUsersIn() {
            List<UserSession> users = new ArrayList<>(settings.users());
            userIds = new long[settings.users()];
            for (int i = 0; i < settings.users(); i++) {
                userIds[i] = FIRST_USER_ID + i;
                users.add(new UserSession(new UserId(userIds[i]), "bench_" + i, ""));
            }
            sessions = issueTokens.apply(users);
            new RedisUserSessions(redis).saveAll(sessions, SESSION_TTL);
            tokens = List.copyOf(sessions.keySet());
            LOG.info("{} users logged in (login:token:* in Redis, ttl {} h)", tokens.size(), SESSION_TTL.toHours());
        }

        private void warmUpBare(List<InetSocketAddress> targets) {
            if (!settings.warmup().isZero()) {
                LoadGenerator.run(closed("bare-warmup", targets, BARE, false, settings.warmup()));
            }
        }

        private LoadResult measureBare(List<InetSocketAddress> targets) {
            LOG.info("bare /health/live: {}", describeLoad());
            LoadResult result = LoadGenerator.run(plan("bare", targets, BARE, false, settings.model()));
            LOG.info("bare: {} req/s, p99 {} ms", Math.round(result.answersPerSecond()), result.percentileMs(99));
            return result;
        }

        /**
         * The closed model's warm-up: the measured sequence (bare, accept, repeat, sold out) in short
         * rounds, each accept round on a voucher of its own, until the warm-up time is spent. Warmed on
         * one path only, the JIT compiles the server for it, and the first request of another path
         * throws that code away (on 2 cores, recompiling takes tens of seconds): so every path is warmed.
         */
        private void rehearse(AdminApi api, List<InetSocketAddress> targets) {
            if (settings.warmup().isZero()) {
                return;
            }
            long deadline = System.nanoTime() + settings.warmup().toNanos();
            byte[][] soldOut = seckillRequests(api.registerVoucher("bench warm-up sold out " + name, 1));
            long accepted = 0;
            List<Long> vouchers = new ArrayList<>();
            double compilingMsPerSecond = Double.NaN;
            for (int round = 1; System.nanoTime() < deadline && !(compilingMsPerSecond < SETTLED_JIT_MS_PER_SECOND); round++) {
                long roundStart = System.nanoTime();
                Optional<Long> compiledBefore = api.compilationMillis();
                long voucher = api.registerVoucher("bench warm-up " + round + " " + name, settings.users() + 1);
                vouchers.add(voucher);
                byte[][] requests = seckillRequests(voucher);
                LoadGenerator.run(closed("bare-warmup", targets, BARE, false, REHEARSAL_STEP));
                LoadResult accept = LoadGenerator.run(closed("accept-warmup", targets,
                        new Workload(requests, i -> (int) (i % requests.length)), true, REHEARSAL_STEP, settings.users()));
                accepted += accept.accepts().size();
                int[] holders = accept.accepts().stream().mapToInt(LoadRecorder.Accept::slot).distinct().toArray();
                if (holders.length > 0) {
                    LoadGenerator.run(closed("repeat-warmup", targets,
                            new Workload(requests, i -> holders[(int) (i % holders.length)]), true, REHEARSAL_STEP));
                }
                LoadGenerator.run(closed("sold-out-warmup", targets,
                        new Workload(soldOut, i -> (int) (i % soldOut.length)), true, REHEARSAL_STEP));
                double seconds = (System.nanoTime() - roundStart) / 1e9;
                compilingMsPerSecond = api.compilationMillis()
                        .flatMap(after -> compiledBefore.map(before -> (after - before) / seconds)).orElse(Double.NaN);
            }
            String warm = "warmed up: %d rounds of bare, accept, repeat and sold out, %d orders accepted; the server's JIT "
                    .formatted(vouchers.size(), accepted) + (compilingMsPerSecond < SETTLED_JIT_MS_PER_SECOND
                    ? "settled (%.0f ms of compiling per second in the last round)".formatted(compilingMsPerSecond)
                    : "had not settled within --warmup %s (%.0f ms of compiling per second in the last round)"
                            .formatted(Durations.format(settings.warmup()), compilingMsPerSecond));
            LOG.info(warm);
            awaitRecorded(api, vouchers, accepted);
        }

        /** Waits until the warm-up's orders are in the DB, so that the measured run starts quiet. */
        private void awaitRecorded(AdminApi api, List<Long> vouchers, long accepted) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                long recorded = 0;
                long pending = 0;
                for (long voucher : vouchers) {
                    Optional<AdminApi.Stats> stats = api.stats(voucher);
                    recorded += stats.map(s -> s.dbOrders() + s.dlqOrders()).orElse(0L);
                    pending += stats.map(AdminApi.Stats::pendingOrders).orElse(1L);
                }
                if (pending == 0 && recorded >= accepted) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            LOG.warn("the warm-up's orders did not all reach the DB within 30 s; measuring anyway");
        }

        /**
         * Warms the seckill path up on a voucher of its own, then waits for its orders so the measured run
         * starts quiet. In the closed model its stock covers every user, so that the accept path (the
         * relay, the consumer, the ledger) is warm too, not only the answers after the sale.
         */
        private void warmUpSeckill(AdminApi api, List<InetSocketAddress> targets) {
            if (settings.warmup().isZero()) {
                return;
            }
            int stock = settings.model() == Model.CLOSED ? settings.users() : Math.min(WARMUP_STOCK, settings.users());
            long warmup = api.registerVoucher("bench warm-up " + name, stock);
            byte[][] requests = seckillRequests(warmup);
            LoadResult result = LoadGenerator.run(closed("seckill-warmup", targets,
                    new Workload(requests, i -> (int) (i % requests.length)), true, settings.warmup()));
            awaitRecorded(api, List.of(warmup), result.accepts().size());
        }

        private LoadGenerator.Workload seckillWorkload(long voucherId) {
            byte[][] requests = seckillRequests(voucherId);
            int users = requests.length;
            if (settings.model() == Model.CLOSED) {
                return new Workload(requests, i -> (int) (i % users));
            }
            int[] order = shuffledUsers(users);
            // round r asks every user once, in the shuffled order shifted by r, so a user's tries spread over the window
            return new Workload(requests, i -> order[(int) ((i % users + (i / users) * 7_919L) % users)]);
        }

        private byte[][] seckillRequests(long voucherId) {
            byte[][] requests = new byte[tokens.size()][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Requests.seckill(voucherId, tokens.get(i));
            }
            return requests;
        }

        private LoadGenerator.Plan plan(String label, List<InetSocketAddress> targets, LoadGenerator.Workload workload,
                                        boolean orders, Model model) {
            if (model == Model.CLOSED) {
                return closed(label, targets, workload, orders, settings.duration());
            }
            return new LoadGenerator.Plan(label, targets, workload, orders, settings.connections(), settings.loadThreads(),
                    settings.burstRequests(), settings.rampWindow(), null, settings.requestTimeout());
        }

        private LoadGenerator.Plan closed(String label, List<InetSocketAddress> targets, LoadGenerator.Workload workload,
                                          boolean orders, Duration duration) {
            // bounded in count too: far more than any loopback server answers in the duration
            return closed(label, targets, workload, orders, duration, Math.max(1_000L, duration.toMillis() * 200L));
        }

        private LoadGenerator.Plan closed(String label, List<InetSocketAddress> targets, LoadGenerator.Workload workload,
                                          boolean orders, Duration duration, long maxRequests) {
            return new LoadGenerator.Plan(label, targets, workload, orders, settings.connections(), settings.loadThreads(),
                    maxRequests, null, duration, settings.requestTimeout());
        }

        /**
         * After the accept path, the same closed loop on the two other paths: the same users again on the
         * same voucher (each holds an order: ALREADY_ORDERED), then a voucher of one unit (SOLD_OUT).
         */
        /** The one server's CPU time so far (empty with --url or two servers). */
        private Optional<ProcessCpu> serverCpu() {
            return servers.size() == 1 ? ProcessCpu.of(servers.get(0).pid()) : Optional.empty();
        }

        private ClosedPaths otherPaths(AdminApi api, List<InetSocketAddress> targets, long voucherId, LoadResult accepted,
                                       ProcessCpu acceptCpu) {
            int[] holders = accepted.accepts().stream().mapToInt(LoadRecorder.Accept::slot).distinct().toArray();
            if (holders.length == 0) {
                throw new IllegalStateException("no order was accepted: there is no repeat path to measure");
            }
            byte[][] requests = seckillRequests(voucherId);
            LOG.info("repeat path: the {} users who hold an order, on voucher {} again", holders.length, voucherId);
            LoadResult repeat = LoadGenerator.run(closed("repeat", targets,
                    new Workload(requests, i -> holders[(int) (i % holders.length)]), true, settings.duration()));
            long soldOutVoucher = api.registerVoucher("bench sold out " + name, 1);
            LOG.info("sold-out path: voucher {} of one unit", soldOutVoucher);
            LoadResult soldOut = LoadGenerator.run(closed("sold-out", targets, seckillWorkload(soldOutVoucher), true, settings.duration()));
            return new ClosedPaths(repeat, soldOut, acceptCpu);
        }

        private Duration loadLength() {
            return settings.model() == Model.CLOSED ? settings.duration() : settings.rampWindow();
        }

        private String describeLoad() {
            return settings.model() == Model.CLOSED
                    ? "%d connections for %s, closed loop".formatted(settings.connections(), Durations.format(settings.duration()))
                    : "%d requests (%d users x %d) over %s, %d connections, open loop".formatted(settings.burstRequests(),
                    settings.users(), settings.repeat(), Durations.format(settings.rampWindow()), settings.connections());
        }

        // ---- drills ------------------------------------------------------------------------------

        private Thread startDrill(AdminApi api, long voucherId, LongAdder accepted) {
            drillOrigin = System.nanoTime();
            Optional<Drill> drill = settings.drill();
            if (drill.isEmpty() || !List.of(Drill.KILL_APP, Drill.KAFKA_OUTAGE, Drill.DB_OUTAGE, Drill.REDIS_CRASH, Drill.REDIS_FLUSH)
                    .contains(drill.get())) {
                return null;
            }
            Thread thread = new Thread(() -> {
                try {
                    switch (drill.get()) {
                        case KILL_APP -> killAndRestart(api, accepted);
                        case KAFKA_OUTAGE -> outage("kafka", accepted);
                        case DB_OUTAGE -> outage("db", accepted);
                        case REDIS_CRASH -> redisCrash(accepted);
                        case REDIS_FLUSH -> redisFlush(voucherId, accepted);
                        default -> throw new IllegalStateException("no action for " + drill.get());
                    }
                } catch (RuntimeException e) {
                    LOG.error("drill {} failed: {}", drill.get().label(), e.getMessage());
                    event("drill failed: " + e.getMessage());
                    drillLines.add(new Audit.Line("drill", drill.get().label(), false, e.getMessage()));
                }
            }, "bench-drill");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private void killAndRestart(AdminApi api, LongAdder accepted) {
            long soldBefore = waitForSale(accepted, Math.max(1, settings.stock() / 2), settings.rampWindow().multipliedBy(4).dividedBy(10));
            ServerProcess server = servers.get(0);
            long pid = server.pid();
            server.kill();
            event("server-1 (pid " + pid + ") killed with SIGKILL, " + soldBefore + " orders accepted so far");
            server.start();
            event("server-1 started again (pid " + server.pid() + ")");
            api.awaitReady(READY_WAIT, server::alive, "the restarted server");
            event("server-1 ready again");
            drillLines.add(new Audit.Line("drill", "kill-app", true,
                    "killed pid %d mid-sale after %d accepts; restarted as pid %d and ready".formatted(pid, soldBefore, server.pid())));
        }

        private void outage(String service, LongAdder accepted) {
            LocalServices services = LocalServices.find(Path.of(""), runDir.resolve("services.log"));
            long soldBefore = waitForSale(accepted, Math.max(1, settings.stock() / 4), settings.rampWindow().multipliedBy(3).dividedBy(10));
            event("stopping " + service + ", " + soldBefore + " orders accepted so far");
            services.stop(service);
            long stopped = System.nanoTime();
            event(service + " stopped");
            LockSupport.parkNanos(settings.outage().toNanos());
            long starting = System.nanoTime();
            event("starting " + service);
            services.start(service);
            long answering = System.nanoTime();
            event(service + " answers again");
            drillLines.add(new Audit.Line("drill", settings.drill().orElseThrow().label(), true,
                    "%s stopped after %d accepts, kept down %.1f s, answering %.1f s after the start command".formatted(service,
                            soldBefore, (starting - stopped) / 1e9, (answering - starting) / 1e9)));
        }

        private void redisCrash(LongAdder accepted) {
            LocalServices services = LocalServices.find(Path.of(""), runDir.resolve("services.log"));
            long soldBefore = waitForSale(accepted, Math.max(1, settings.stock() / 4), settings.rampWindow().multipliedBy(3).dividedBy(10));
            drillLines.add(new RedisDrills(this::event).crash(services, soldBefore));
        }

        private void redisFlush(long voucherId, LongAdder accepted) {
            long soldBefore = waitForSale(accepted, Math.max(1, settings.stock() / 4), settings.rampWindow().multipliedBy(3).dividedBy(10));
            drillLines.add(new RedisDrills(this::event).flush(resources, config.order().acknowledge(), soldBefore,
                    () -> new RedisUserSessions(redis).saveAll(sessions, SESSION_TTL), () -> inspectorStats(voucherId).isPresent()));
        }

        private Optional<ReservationStats> inspectorStats(long voucherId) {
            try {
                return Optional.of(inspector.redisStats(voucherId));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        /** Waits until {@code units} orders were accepted or {@code atLatest} of the burst has passed; returns the accepts. */
        private long waitForSale(LongAdder accepted, long units, Duration atLatest) {
            long deadline = drillOrigin + atLatest.toNanos();
            while (System.nanoTime() < deadline && accepted.sum() < units) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            return accepted.sum();
        }

        private void event(String what) {
            String line = "%6.1f s  %s".formatted((System.nanoTime() - drillOrigin) / 1e9, what);
            LOG.info("drill: {}", what);
            synchronized (events) {
                events.add(line);
            }
        }

        private Duration drillWait() {
            return settings.outage().plus(READY_WAIT).plusMinutes(10);
        }

        private void finishDrill(Thread drill) {
            if (drill == null) {
                return;
            }
            try {
                drill.join(drillWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (drill.isAlive()) {
                drillLines.add(new Audit.Line("drill", settings.drill().orElseThrow().label(), false, "the drill did not finish in time"));
            }
        }

        // ---- drain and audit ---------------------------------------------------------------------

        /** Polls the DB and Redis directly (the server may be down) until every accepted order is in the DB or the DLQ. */
        private Drain awaitDrain(long voucherId, LoadResult seckill, long loadEnd, Thread drill, StatsSampler sampler) {
            long accepted = seckill.accepts().stream().mapToLong(LoadRecorder.Accept::orderId).distinct().count();
            long atLoadEnd = -1;
            long drillLimit = loadEnd + drillWait().toNanos();
            long deadline = loadEnd + settings.drainTimeout().toNanos();
            long lastOrders = -1;
            long lastChange = System.nanoTime();
            long lastOrderAt = -1;
            String lastState = "";
            boolean settled = false;
            boolean first = true;
            while (true) {
                long now = System.nanoTime();
                // polled from the load's end, also while a drill still runs; the timeout counts from the drill's end
                boolean drilling = drill != null && drill.isAlive() && now < drillLimit;
                if (drilling) {
                    deadline = now + settings.drainTimeout().toNanos();
                }
                if (now >= deadline) {
                    break;
                }
                if (first) {
                    first = false;
                    // if the DB is down right now, no order can be recorded until it is back: the last sample counts
                    atLoadEnd = sampler.lastDbOrders();
                }
                try {
                    long orders = inspector.dbOrders(voucherId);
                    long failed = inspector.failedOrders(voucherId);
                    ReservationStats redisStats = inspector.redisStats(voucherId);
                    if (lastOrders < 0 && now - loadEnd < DRAIN_POLL.toNanos() * 5) {
                        atLoadEnd = orders;
                    }
                    String state = orders + "/" + failed + "/" + redisStats;
                    if (!state.equals(lastState)) {
                        lastState = state;
                        lastChange = now;
                    }
                    if (orders != lastOrders) {
                        lastOrders = orders;
                        lastOrderAt = now;
                    }
                    boolean complete = redisStats.pendingOrders() == 0 && orders + failed >= accepted;
                    boolean agrees = redisStats.reservedUsers() == orders;
                    if (!drilling && complete && (agrees && now - lastChange >= SETTLED_FOR.toNanos() || now - lastChange >= STUCK_FOR.toNanos())) {
                        settled = true;
                        break;
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("drain poll failed (a service may be down): {}", e.getMessage());
                }
                LockSupport.parkNanos(DRAIN_POLL.toNanos());
            }
            if (!settled) {
                LOG.warn("the orders did not settle within {}: auditing what there is", Durations.format(settings.drainTimeout()));
            }
            long lastAccept = seckill.accepts().isEmpty() ? -1 : seckill.accepts().get(seckill.accepts().size() - 1).atNanos();
            long finalOrders = Math.max(0, lastOrders);
            // the orders may all have been in before the first poll: the stats samples say when
            OptionalLong reachedAt = sampler.firstReaching(finalOrders);
            if (finalOrders > 0 && reachedAt.isPresent() && (lastOrderAt < 0 || reachedAt.getAsLong() < lastOrderAt)) {
                lastOrderAt = reachedAt.getAsLong();
            }
            long afterLoad = atLoadEnd < 0 ? finalOrders : finalOrders - atLoadEnd;
            Double drainMs = lastAccept < 0 || lastOrderAt < 0 || finalOrders == 0 ? null : Math.max(0, lastOrderAt - lastAccept) / 1e6;
            double afterSeconds = lastOrderAt < 0 ? 0 : Math.max(0, lastOrderAt - loadEnd) / 1e9;
            Double afterRate = afterLoad > 0 && afterSeconds > 0 ? afterLoad / afterSeconds : null;
            double runSeconds = lastOrderAt < 0 ? 0 : (lastOrderAt - seckill.origin()) / 1e9;
            Double overall = finalOrders > 0 && runSeconds > 0 ? finalOrders / runSeconds : null;
            Double recordedWithin = lastOrderAt < 0 ? null : Math.max(0, lastOrderAt - loadEnd) / 1e6;
            return new Drain(settled, finalOrders, afterLoad, drainMs, afterRate, overall, recordedWithin);
        }

        private List<Audit.Line> audit(AdminApi api, long voucherId, LoadResult seckill) {
            Audit.Expectation expectation = settings.drill().filter(d -> d == Drill.DLQ).isPresent()
                    ? Audit.Expectation.DEAD_LETTERED : Audit.Expectation.ORDERS_CREATED;
            List<Audit.Line> lines = new ArrayList<>();
            try {
                boolean lossCounted = settings.drill().filter(d -> d == Drill.REDIS_FLUSH).isPresent()
                        && config.order().acknowledgement() == Acknowledgement.RESERVED;
                facts = inspector.facts(expectation, lossCounted, voucherId, stock, seckill.accepts(), slot -> userIds[slot]);
                lines.addAll(Audit.verdicts(facts));
            } catch (SQLException e) {
                lines.add(new Audit.Line("6", "Audit", false, "the database could not be read: " + e.getMessage()));
            }
            lines.addAll(drillLines);
            settings.drill().ifPresent(drill -> lines.addAll(drillChecks(drill, api, seckill)));
            return lines;
        }

        /** After a Redis crash every buyer is still logged in (asked of Redis itself) and every accepted order is CREATED. */
        private Audit.Line sessionsAndOrdersSurvived(AdminApi api, LoadResult seckill) {
            RedisUserSessions store = new RedisUserSessions(redis);
            long loggedIn = tokens.stream().filter(token -> store.find(token).toCompletableFuture().join().isPresent()).count();
            Map<String, Long> statuses = orderStatuses(api, seckill);
            long checked = statuses.values().stream().mapToLong(Long::longValue).sum();
            return new Audit.Line("drill", "redis-crash: sessions and orders survived",
                    loggedIn == tokens.size() && checked > 0 && statuses.getOrDefault("CREATED", 0L) == checked,
                    "%d of %d sessions still in Redis; GET /voucher-order/{id} with the buyer's token, %d accepted orders: %s"
                            .formatted(loggedIn, tokens.size(), checked, statuses));
        }

        private Map<String, Long> orderStatuses(AdminApi api, LoadResult seckill) {
            List<LoadRecorder.Accept> accepts = seckill.accepts();
            int checked = Math.min(STATUS_CHECKS, accepts.size());
            Map<String, Long> statuses = new LinkedHashMap<>();
            for (int i = 0; i < checked; i++) {
                LoadRecorder.Accept accept = accepts.get(i);
                statuses.merge(api.orderStatus(accept.orderId(), tokens.get(accept.slot())), 1L, Long::sum);
            }
            return statuses;
        }

        private List<Audit.Line> drillChecks(Drill drill, AdminApi api, LoadResult seckill) {
            Map<String, Long> counts = logCounts();
            List<Audit.Line> lines = new ArrayList<>();
            switch (drill) {
                case RETRY -> lines.add(new Audit.Line("drill", "retry: failed writes retried", counts.get("publish to retry") > 0,
                        "%d 'publish to retry' and %d 'handleConsume failed' lines in the server log".formatted(
                                counts.get("publish to retry"), counts.get("handleConsume failed"))));
                case DLQ -> {
                    lines.add(new Audit.Line("drill", "dlq: dead-lettered after the retries", counts.get("publish to dlq") > 0,
                            "%d 'publish to dlq' lines in the server log".formatted(counts.get("publish to dlq"))));
                    Map<String, Long> statuses = orderStatuses(api, seckill);
                    long checked = statuses.values().stream().mapToLong(Long::longValue).sum();
                    lines.add(new Audit.Line("drill", "dlq: status FAILED", checked > 0 && statuses.getOrDefault("FAILED", 0L) == checked,
                            "GET /voucher-order/{id} of %d accepted orders: %s".formatted(checked, statuses)));
                }
                case KILL_APP -> event("after the drain: the sweepers published %d orders left pending".formatted(servers.stream()
                        .mapToLong(s -> ServerLogs.sum(s.log(), SWEPT)).sum()));
                case REDIS_CRASH -> lines.add(sessionsAndOrdersSurvived(api, seckill));
                case REDIS_FLUSH -> {
                    long lost = facts == null ? -1 : facts.missingCount();
                    boolean published = config.order().acknowledgement() == Acknowledgement.PUBLISHED;
                    lines.add(new Audit.Line("drill", "redis-flush: orders lost", lost == 0 || lost > 0 && !published,
                            "%d of %d accepted orders lost (order.acknowledge %s%s)".formatted(lost,
                                    seckill.accepts().size(), config.order().acknowledge(),
                                    published ? ": none may be" : ": those not yet on the broker may be")));
                }
                case TWO_INSTANCES -> {
                    long answeredBy = servers.stream().filter(ServerProcess::alive).count();
                    lines.add(new Audit.Line("drill", "two-instances: both served", answeredBy == 2 && seckill.errors() == 0,
                            "%d of 2 servers up at the end; %d requests without an answer".formatted(answeredBy, seckill.errors())));
                }
                default -> {
                }
            }
            return lines;
        }

        private Map<String, Long> logCounts() {
            Map<String, Long> counts = new LinkedHashMap<>();
            LOG_PATTERNS.forEach(p -> counts.put(p, 0L));
            for (ServerProcess server : servers) {
                ServerLogs.count(server.log(), LOG_PATTERNS).forEach((k, v) -> counts.merge(k, v, Long::sum));
            }
            return counts;
        }

        // ---- the drain of a backlog --------------------------------------------------------------

        /**
         * Stops the measured server and starts one whose DB connections go through a gate; then, round
         * after round, cuts the gate, has {@code drainBacklog} users buy a new voucher (the orders pile
         * up in Kafka), opens the gate and times the consumer writing them all. The first rounds only
         * warm the new JVM up and are not counted: on 2 cores its JIT compiler takes most of a core for
         * the first ~100,000 orders (a cold drain measures the JIT, not the consumer).
         */
        private BacklogDrain measureBacklog() {
            stopAll(servers);
            String database = RunResources.hostPortOf(resources.jdbcUrl());
            int colon = database.lastIndexOf(':');
            try (TcpGate gate = new TcpGate(database.substring(0, colon), Integer.parseInt(database.substring(colon + 1)))) {
                Map<String, String> env = resources.serverEnv(adminToken,
                        RunResources.withHostPort(resources.jdbcUrl(), "127.0.0.1:" + gate.port()));
                env.put("FORCE_SECKILL_CONSUME_FAIL_COUNT", "0");
                ServerProcess server = new ServerProcess("server-drain", ServerJar.locate(settings.jar()), settings.serverHeap(),
                        configFile, env, runDir.resolve("server-drain.log"));
                servers.add(server);
                server.start();
                AdminApi api = new AdminApi(server.url(), adminToken);
                api.awaitReady(READY_WAIT, server::alive, "the drain server (log " + server.log() + ")");
                List<Backlog> warmUps = drainBacklogs(server, api, gate, "warm-up", settings.drainWarmups());
                List<Backlog> rounds = warmUps.stream().allMatch(Backlog::finished)
                        ? drainBacklogs(server, api, gate, "measured", settings.drainRounds()) : List.of();
                server.stop();
                return new BacklogDrain(settings.drainBacklog(), warmUps, rounds);
            }
        }

        /** Up to {@code count} backlogs, one after the other; stops after one that did not finish. */
        private List<Backlog> drainBacklogs(ServerProcess server, AdminApi api, TcpGate gate, String kind, int count) {
            List<Backlog> drained = new ArrayList<>();
            for (int round = 1; round <= count; round++) {
                Backlog backlog = drainOneBacklog(server, api, gate, kind + " " + round);
                LOG.info("backlog ({} {}): {} of {} orders recorded, {} orders/s", kind, round, backlog.recorded(), backlog.orders(),
                        backlog.perSecondSteady() == null ? "-" : String.format("%.0f", backlog.perSecondSteady()));
                drained.add(backlog);
                if (!backlog.finished()) {
                    break;
                }
            }
            return List.copyOf(drained);
        }

        private Backlog drainOneBacklog(ServerProcess server, AdminApi api, TcpGate gate, String round) {
            int orders = settings.drainBacklog();
            long voucherId = api.registerVoucher("bench backlog " + round + " " + name, orders);
            LOG.info("backlog ({}): cutting the drain server off the DB, then {} orders", round, orders);
            gate.cut();
            byte[][] requests = Arrays.copyOf(seckillRequests(voucherId), orders);
            LoadResult fill = LoadGenerator.run(new LoadGenerator.Plan("backlog", List.of(server.address()),
                    new Workload(requests, i -> (int) i), true, settings.connections(), settings.loadThreads(), orders,
                    null, Duration.ofMinutes(2), settings.requestTimeout()));
            long accepted = fill.accepts().size();
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (System.nanoTime() < deadline && inspector.redisStats(voucherId).pendingOrders() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            LOG.info("backlog ({}): {} orders accepted and in Kafka; opening the gate", round, accepted);
            Optional<Long> compiledBefore = api.compilationMillis();
            long restored = System.nanoTime();
            gate.restore();
            // the steady window starts at the last poll that saw no order: a lower bound on the rate that
            // exists even when one poll sees the whole backlog written (a small backlog, one transaction)
            long lastEmptyAt = restored;
            long lastAt = -1;
            long count = 0;
            while (System.nanoTime() < deadline) {
                try {
                    count = inspector.dbSold(voucherId);
                } catch (SQLException e) {
                    LOG.debug("backlog poll: {}", e.getMessage());
                }
                long now = System.nanoTime();
                if (count == 0) {
                    lastEmptyAt = now;
                }
                if (count >= accepted) {
                    lastAt = now;
                    break;
                }
                LockSupport.parkNanos(DRAIN_POLL.toNanos() / 4);
            }
            if (lastAt < 0) {
                return new Backlog(accepted, count, null, null, null, null, null);
            }
            double fromRestore = (lastAt - restored) / 1e9;
            double steady = (lastAt - lastEmptyAt) / 1e9;
            Long compiling = api.compilationMillis().flatMap(after -> compiledBefore.map(before -> after - before)).orElse(null);
            return new Backlog(accepted, count, fromRestore, steady, accepted / fromRestore, accepted / steady, compiling);
        }
    }

    private static int[] shuffledUsers(int users) {
        int[] order = new int[users];
        for (int i = 0; i < users; i++) {
            order[i] = i;
        }
        Random random = new Random(users);
        for (int i = users - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Requests by slot, and which slot the i-th request uses. */
    private static final class Workload implements LoadGenerator.Workload {
        private final byte[][] requests;
        private final LongToIntFunction slots;

        Workload(byte[][] requests, LongToIntFunction slots) {
            this.requests = requests;
            this.slots = slots;
        }

        @Override
        public int slotOf(long index) {
            return slots.applyAsInt(index);
        }

        @Override
        public byte[] request(int slot) {
            return requests[slot];
        }
    }

    /**
     * After the load: whether the orders settled, how many, and how fast the rest arrived.
     *
     * @param drainMs              from the last accepted answer to the last order in the DB
     * @param ordersAfterLoad      orders that reached the DB after the load stopped
     * @param afterLoadPerSecond   those orders per second (null when there were none)
     * @param recordedPerSecond    all orders per second, from the first request to the last order
     */
    /**
     * @param recordedWithinMs from the load's end to the last order in the DB (null when none arrived after the load)
     */
    record Drain(boolean settled, long orders, long ordersAfterLoad, Double drainMs, Double afterLoadPerSecond,
                 Double recordedPerSecond, Double recordedWithinMs) {
    }

    /** The closed model's other two paths, measured after the accept path. */
    /**
     * The closed model's paths after the accept path.
     *
     * @param acceptCpu the server's CPU time during the accept path (null: not measured, e.g. with --url)
     */
    record ClosedPaths(LoadResult repeat, LoadResult soldOut, ProcessCpu acceptCpu) {
    }

    /**
     * The drain of a backlog built while the DB was cut off.
     *
     * @param secondsFromRestore   from opening the gate to the last order in the DB
     * @param secondsSteady        from the last poll that saw no order of the backlog to the first that saw them all
     * @param perSecondSteady      the consumer's rate while writing (the headline drain rate)
     * @param compilingMs          the drain server's JIT compile time from opening the gate to the last order (null: unknown)
     */
    record Backlog(long orders, long recorded, Double secondsFromRestore, Double secondsSteady, Double perSecondFromRestore,
                   Double perSecondSteady, Long compilingMs) {

        boolean finished() {
            return perSecondSteady != null;
        }
    }

    /**
     * The backlog rounds of one run.
     *
     * @param orders  the orders of each backlog
     * @param warmUps the rounds that warmed the drain server up, not counted
     * @param rounds  the measured rounds (empty when a warm-up did not finish)
     */
    record BacklogDrain(long orders, List<Backlog> warmUps, List<Backlog> rounds) {

        BacklogDrain {
            warmUps = List.copyOf(warmUps);
            rounds = List.copyOf(rounds);
        }

        /** Every round, warm-ups included, recorded all its orders. */
        boolean finished() {
            return !rounds.isEmpty() && Stream.concat(warmUps.stream(), rounds.stream()).allMatch(Backlog::finished);
        }

        /** The measured round with the median steady rate (the lower middle one of an even count); null unless finished. */
        Backlog median() {
            if (!finished()) {
                return null;
            }
            List<Backlog> byRate = rounds.stream().sorted(Comparator.comparingDouble(Backlog::perSecondSteady)).toList();
            return byRate.get((byRate.size() - 1) / 2);
        }
    }
}
