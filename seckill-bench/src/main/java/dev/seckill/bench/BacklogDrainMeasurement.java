package dev.seckill.bench;

import dev.seckill.tcpgate.TcpGate;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The drain measurement of a run: how fast a server's consumer writes a backlog that piled up while the DB was away. */
final class BacklogDrainMeasurement {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogDrainMeasurement.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final BenchSettings settings;
    private final Optional<Path> configFile;
    private final Path runDir;
    private final String name;
    private final RunResources resources;
    private final String adminToken;
    private final SaleInspector inspector;
    private final List<ServerProcess> servers;
    private final LongFunction<byte[][]> requestsFor;

    /**
     * @param servers     the run's servers: stopped first; the drain server joins them (so that the run stops it too)
     * @param requestsFor one purchase request per logged-in user, for a voucher
     */
    BacklogDrainMeasurement(
            BenchSettings settings,
            Optional<Path> configFile,
            Path runDir,
            String name,
            RunResources resources,
            String adminToken,
            SaleInspector inspector,
            List<ServerProcess> servers,
            LongFunction<byte[][]> requestsFor) {
        this.settings = settings;
        this.configFile = configFile;
        this.runDir = runDir;
        this.name = name;
        this.resources = resources;
        this.adminToken = adminToken;
        this.inspector = inspector;
        this.servers = servers;
        this.requestsFor = requestsFor;
    }

    /**
     * Stops the measured server and starts one whose DB connections go through a gate; then, round
     * after round, cuts the gate, has {@code drainBacklog} users buy a new voucher (the orders pile
     * up in Kafka), opens the gate and times the consumer writing them all. The first rounds only
     * warm the new JVM up and are not counted: on 2 cores its JIT compiler takes most of a core for
     * the first ~100,000 orders (a cold drain measures the JIT, not the consumer).
     */
    BacklogDrain measure() {
        servers.forEach(ServerProcess::stop);
        String database = RunResources.hostPortOf(resources.jdbcUrl());
        int colon = database.lastIndexOf(':');
        try (TcpGate gate =
                new TcpGate(database.substring(0, colon), Integer.parseInt(database.substring(colon + 1)))) {
            Map<String, String> env = resources.serverEnv(
                    adminToken, RunResources.withHostPort(resources.jdbcUrl(), "127.0.0.1:" + gate.port()));
            env.put("FORCE_SECKILL_CONSUME_FAIL_COUNT", "0");
            ServerProcess server = new ServerProcess(
                    "server-drain",
                    ServerJar.locate(settings.jar()),
                    settings.serverHeap(),
                    configFile,
                    env,
                    runDir.resolve("server-drain.log"));
            servers.add(server);
            server.start();
            AdminApi api = new AdminApi(server.url(), adminToken);
            api.awaitReady(ServerProcess.READY_WAIT, server::alive, "the drain server (log " + server.log() + ")");
            List<Backlog> warmUps = drainBacklogs(server, api, gate, "warm-up", settings.drainWarmups());
            List<Backlog> rounds = warmUps.stream().allMatch(Backlog::finished)
                    ? drainBacklogs(server, api, gate, "measured", settings.drainRounds())
                    : List.of();
            server.stop();
            return new BacklogDrain(settings.drainBacklog(), warmUps, rounds);
        }
    }

    /** Up to {@code count} backlogs, one after the other; stops after one that did not finish. */
    private List<Backlog> drainBacklogs(ServerProcess server, AdminApi api, TcpGate gate, String kind, int count) {
        List<Backlog> drained = new ArrayList<>();
        for (int round = 1; round <= count; round++) {
            Backlog backlog = drainOneBacklog(server, api, gate, kind + " " + round);
            LOG.info(
                    "backlog ({} {}): {} of {} orders recorded, {} orders/s",
                    kind,
                    round,
                    backlog.recorded(),
                    backlog.orders(),
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
        byte[][] requests = Arrays.copyOf(requestsFor.apply(voucherId), orders);
        LoadResult fill = LoadGenerator.run(new LoadGenerator.Plan(
                "backlog",
                List.of(server.address()),
                new SlotWorkload(requests, i -> (int) i),
                true,
                settings.connections(),
                settings.loadThreads(),
                orders,
                null,
                Duration.ofMinutes(2),
                settings.requestTimeout()));
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
        Long compiling = api.compilationMillis()
                .flatMap(after -> compiledBefore.map(before -> after - before))
                .orElse(null);
        return new Backlog(accepted, count, fromRestore, steady, accepted / fromRestore, accepted / steady, compiling);
    }
}
