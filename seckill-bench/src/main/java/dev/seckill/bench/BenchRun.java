package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.bench.BenchSettings.Model;
import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, from the servers' start to the report: the voucher and the users, the warm-up and the bare
 * endpoint, the load (with its drill), the drain, the other paths of the closed model, the backlog
 * drain and the audit. {@link Benchmark} sets it up, prints its report and cleans up after it.
 */
final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

    private final BenchSettings settings;
    private final Optional<Path> configFile;
    private final Function<List<UserSession>, Map<String, UserSession>> issueTokens;
    private final String name;
    private final Path runDir;
    private final RunResources resources;
    private final String adminToken;
    private final RedisConnection redis;
    private final SaleInspector inspector;
    private final BenchServers fleet;
    private final List<ServerProcess> servers;
    private final DrillRunner drills;
    private final RunAudit runAudit;
    private LoadPlans plans;
    private BenchUsers users;

    BenchRun(
            BenchSettings settings,
            SeckillConfig config,
            Optional<Path> configFile,
            Function<List<UserSession>, Map<String, UserSession>> issueTokens,
            String name,
            Path runDir,
            RunResources resources,
            String adminToken,
            RedisConnection redis,
            SaleInspector inspector,
            BenchServers fleet) {
        this.settings = settings;
        this.configFile = configFile;
        this.issueTokens = issueTokens;
        this.name = name;
        this.runDir = runDir;
        this.resources = resources;
        this.adminToken = adminToken;
        this.redis = redis;
        this.inspector = inspector;
        this.fleet = fleet;
        this.servers = fleet.list();
        ServerCounters counters = new ServerCounters(adminToken);
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
                settings.url().orElse(servers.isEmpty() ? null : servers.get(0).url()), adminToken);
        WarmUp warmUp = new WarmUp(
                settings,
                name,
                plans,
                this::seckillRequests,
                voucher -> new StatsSampler(inspector.another(), api, voucher, SAMPLE_EVERY, settings.warmup()));
        boolean closedModel = settings.model() == Model.CLOSED;
        // the closed model measures the accept path first: a stock for every user, every request a first purchase
        // (one unit more than users, so that the repeat path after it is ALREADY_ORDERED, not SOLD_OUT)
        int stock = closedModel ? Math.max(settings.stock(), settings.users() + 1) : settings.stock();
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
        if (closedModel) {
            warnIfBuyersRanOut(seckill);
        }
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
        List<Audit.Line> audit = runAudit.audit(api, voucherId, stock, seckill, resold, users.userIds, users.tokens);
        boolean alive = settings.url().isPresent() || servers.stream().allMatch(ServerProcess::alive);
        Map<String, Long> serverCounts = runAudit.serverCounts();
        List<String> urls = servers.stream().map(s -> s.url().toString()).toList();
        List<Path> logs = servers.stream().map(ServerProcess::log).distinct().toList();
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
                drills.log().events(),
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
                "sold-out", SlotWorkload.inTurn(seckillRequests(soldOutVoucher), holders), true, settings.duration()));
        return new ClosedPaths(repeat, soldOut, acceptCost);
    }

    /** The accept path ends when every user has bought: a shorter measurement than asked is said, with the fix. */
    private void warnIfBuyersRanOut(LoadResult accepted) {
        double asked = settings.duration().toMillis() / 1e3;
        if (accepted.answers() >= settings.users() && accepted.elapsedSeconds() < asked * 0.95) {
            LOG.warn(
                    "the accept path ran out of buyers: all {} users had bought after {} s of the {} s asked, and its"
                            + " rate is measured over those; give --users {} or more to fill the duration",
                    settings.users(),
                    "%.1f".formatted(accepted.elapsedSeconds()),
                    "%.0f".formatted(asked),
                    (long) Math.ceil(accepted.answersPerSecond() * asked * 1.2));
        }
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
