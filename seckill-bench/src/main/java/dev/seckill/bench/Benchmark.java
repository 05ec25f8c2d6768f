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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
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
    private static final long FIRST_USER_ID = 1_000_001L;
    private static final Duration SESSION_TTL = Duration.ofHours(2);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    private static final Duration SETTLED_FOR = Duration.ofSeconds(1);
    private static final Duration STUCK_FOR = Duration.ofSeconds(10);
    private static final Duration DRILL_STALE_AFTER = Duration.ofSeconds(2);
    // the Redis drills' servers give a publish up sooner, so that a lost sale's restore waits less
    private static final Duration DRILL_DELIVERY_TIMEOUT = Duration.ofSeconds(11);
    private static final int STATUS_CHECKS = 2_000;

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
            out.print(new TextReport(report).render());
            out.flush();
            settings.json().ifPresent(file -> write(file, new JsonReport(report).render()));
            settings.html().ifPresent(file -> write(file, new HtmlReport(report).render()));
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
        final DrillRunner drills;
        final ServerCounters counters;
        LoadPlans plans;
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
            this.counters = new ServerCounters(adminToken);
            this.drills = new DrillRunner(settings, servers, counters, runDir, resources, inspector, config.order().acknowledge(),
                    () -> new RedisUserSessions(redis).saveAll(sessions, SESSION_TTL));
        }

        BenchReport execute() {
            Instant startedAt = Instant.now();
            List<InetSocketAddress> targets = startServers();
            plans = new LoadPlans(settings, targets);
            WarmUp warmUp = new WarmUp(settings, name, plans, this::seckillRequests);
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
                warmUp.rehearse(api);
                bare = measureBare();
            } else if (settings.drill().isEmpty()) {
                warmUp.bare();
                bare = measureBare();
                warmUp.seckill(api);
            }
            StatsSampler sampler = new StatsSampler(api, voucherId, SAMPLE_EVERY,
                    loadLength().plus(settings.drainTimeout()).plus(settings.outage()).plusMinutes(10));
            LoadGenerator.Plan seckillPlan = closedModel
                    ? plans.closed("seckill", seckillWorkload(voucherId), true, settings.duration(), settings.users())
                    : plans.plan("seckill", seckillWorkload(voucherId), true, settings.model());
            Thread drill = drills.start(api, voucherId, seckillPlan.acceptedSoFar());
            LOG.info("{}: {}", settings.model().label(), describeLoad());
            Optional<ProcessCpu> cpuBefore = serverCpu();
            LoadResult seckill = LoadGenerator.run(seckillPlan);
            long loadEnd = System.nanoTime();
            Optional<ProcessCpu> acceptCpu = serverCpu().flatMap(after -> cpuBefore.map(after::minus));
            LOG.info("load done: {} answers, {} accepted, {} without an answer", seckill.answers(), seckill.accepts().size(), seckill.errors());
            Drain drain = awaitDrain(voucherId, seckill, loadEnd, drill, sampler);
            drills.finish(drill);
            sampler.close();
            ClosedPaths paths = closedModel ? otherPaths(api, voucherId, seckill, acceptCpu.orElse(null)) : null;

            List<Audit.Line> audit = audit(api, voucherId, seckill);
            boolean alive = settings.url().isPresent() || servers.stream().allMatch(ServerProcess::alive);
            Map<String, Long> serverCounts = serverCounts();
            List<String> urls = servers.stream().map(s -> s.url().toString()).toList();
            List<Path> logs = servers.stream().map(ServerProcess::log).distinct().toList();
            BacklogDrain backlog = settings.drainBacklog() > 0 && settings.drill().isEmpty() && settings.url().isEmpty()
                    ? new BacklogDrainMeasurement(settings, configFile, runDir, name, resources, adminToken, inspector, servers,
                            this::seckillRequests).measure() : null;
            String machine = Machine.describe() + "; DB " + inspector.commitDurability();
            return new BenchReport(name, startedAt, machine, settings, urls, settings.url().map(URI::toString).orElse(null),
                    voucherId, stock, bare, seckill, paths, drain, backlog, sampler.maxPending(seckill.origin(), loadEnd), sampler.maxHeapBytes(),
                    alive, sampler.samples(), drills.events(), serverCounts, audit, Audit.passed(audit), runDir, logs);
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
                env.put("SECKILL_RELAY_STALE_AFTER", DRILL_STALE_AFTER.toMillis() + "ms");
                env.put("SECKILL_KAFKA_DELIVERY_TIMEOUT", DRILL_DELIVERY_TIMEOUT.toMillis() + "ms");
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
                new AdminApi(server.url(), adminToken).awaitReady(ServerProcess.READY_WAIT, server::alive, server.name() + " (log " + server.log() + ")");
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

        private LoadResult measureBare() {
            LOG.info("bare /health/live: {}", describeLoad());
            LoadResult result = LoadGenerator.run(plans.plan("bare", LoadPlans.BARE, false, settings.model()));
            LOG.info("bare: {} req/s, p99 {} ms", Math.round(result.answersPerSecond()), result.percentileMs(99));
            return result;
        }

        private LoadGenerator.Workload seckillWorkload(long voucherId) {
            byte[][] requests = seckillRequests(voucherId);
            int users = requests.length;
            if (settings.model() == Model.CLOSED) {
                return new SlotWorkload(requests, i -> (int) (i % users));
            }
            int[] order = shuffledUsers(users);
            // round r asks every user once, in the shuffled order shifted by r, so a user's tries spread over the window
            return new SlotWorkload(requests, i -> order[(int) ((i % users + (i / users) * 7_919L) % users)]);
        }

        private byte[][] seckillRequests(long voucherId) {
            byte[][] requests = new byte[tokens.size()][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Requests.seckill(voucherId, tokens.get(i));
            }
            return requests;
        }

        /**
         * After the accept path, the same closed loop on the two other paths: the same users again on the
         * same voucher (each holds an order: ALREADY_ORDERED), then a voucher of one unit (SOLD_OUT).
         */
        /** The one server's CPU time so far (empty with --url or two servers). */
        private Optional<ProcessCpu> serverCpu() {
            return servers.size() == 1 ? ProcessCpu.of(servers.get(0).pid()) : Optional.empty();
        }

        private ClosedPaths otherPaths(AdminApi api, long voucherId, LoadResult accepted, ProcessCpu acceptCpu) {
            int[] holders = accepted.accepts().stream().mapToInt(LoadRecorder.Accept::slot).distinct().toArray();
            if (holders.length == 0) {
                throw new IllegalStateException("no order was accepted: there is no repeat path to measure");
            }
            byte[][] requests = seckillRequests(voucherId);
            LOG.info("repeat path: the {} users who hold an order, on voucher {} again", holders.length, voucherId);
            LoadResult repeat = LoadGenerator.run(plans.closed("repeat",
                    new SlotWorkload(requests, i -> holders[(int) (i % holders.length)]), true, settings.duration()));
            long soldOutVoucher = api.registerVoucher("bench sold out " + name, 1);
            LOG.info("sold-out path: voucher {} of one unit", soldOutVoucher);
            LoadResult soldOut = LoadGenerator.run(plans.closed("sold-out", seckillWorkload(soldOutVoucher), true, settings.duration()));
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

        // ---- drain and audit ---------------------------------------------------------------------

        /** Polls the DB and Redis directly (the server may be down) until every accepted order is in the DB or the DLQ. */
        private Drain awaitDrain(long voucherId, LoadResult seckill, long loadEnd, Thread drill, StatsSampler sampler) {
            long accepted = seckill.accepts().stream().mapToLong(LoadRecorder.Accept::orderId).distinct().count();
            long atLoadEnd = -1;
            long drillLimit = loadEnd + drills.patience().toNanos();
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
            lines.addAll(drills.lines());
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
            Map<String, Long> counts = serverCounts();
            long retries = counts.get(ServerCounters.RETRIES);
            long deadLettered = counts.get(ServerCounters.DEAD_LETTERED);
            List<Audit.Line> lines = new ArrayList<>();
            switch (drill) {
                case RETRY -> lines.add(new Audit.Line("drill", "retry: failed writes retried", retries > 0,
                        "%d orders sent to the retry topic (%s)".formatted(retries, ServerCounters.RETRIES)));
                case DLQ -> {
                    lines.add(new Audit.Line("drill", "dlq: dead-lettered after the retries", deadLettered > 0,
                            "%d records sent to the dead-letter queue (%s)".formatted(deadLettered, ServerCounters.DEAD_LETTERED)));
                    Map<String, Long> statuses = orderStatuses(api, seckill);
                    long checked = statuses.values().stream().mapToLong(Long::longValue).sum();
                    lines.add(new Audit.Line("drill", "dlq: status FAILED", checked > 0 && statuses.getOrDefault("FAILED", 0L) == checked,
                            "GET /voucher-order/{id} of %d accepted orders: %s".formatted(checked, statuses)));
                }
                case KILL_APP -> drills.event("after the drain: the sweepers published %d orders left pending (%s)".formatted(
                        counts.get(ServerCounters.SWEPT), ServerCounters.SWEPT));
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

        /** The servers' counters now; a server killed by a drill counts up to its reading just before. */
        private Map<String, Long> serverCounts() {
            servers.forEach(counters::read);
            settings.url().ifPresent(url -> counters.read(url.toString(), url));
            return counters.totals();
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
}
