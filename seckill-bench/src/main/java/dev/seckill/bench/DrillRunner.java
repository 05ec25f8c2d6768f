package dev.seckill.bench;

import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.domain.model.ReservationStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault drills that act during the burst, on a thread of their own (the servers' in
 * {@link InstanceDrills}, Redis's in {@link RedisDrills} and {@link FailoverDrills}, Kafka's in
 * {@link KafkaDrills}; the outages here) and the expiry drill after it; what they saw goes to a {@link DrillLog}.
 */
final class DrillRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);
    // the others need no action: their servers' settings are the drill (retry, dlq, two-instances), or it comes after
    // the drain (expire)
    private static final Set<Drill> DURING_THE_BURST = EnumSet.of(
            Drill.KILL_APP,
            Drill.KILL_INSTANCE,
            Drill.KAFKA_OUTAGE,
            Drill.DB_OUTAGE,
            Drill.REDIS_CRASH,
            Drill.REDIS_FLUSH,
            Drill.REDIS_FAILOVER,
            Drill.CLUSTER_FAILOVER,
            Drill.KAFKA_BROKER,
            Drill.KAFKA_QUORUM,
            Drill.KAFKA_ROLLING);

    private final BenchSettings settings;
    private final List<ServerProcess> servers;
    private final ServerCounters counters;
    private final Path runDir;
    private final RunResources resources;
    private final SaleInspector inspector;
    private final String acknowledge;
    private final Runnable restoreSessions;
    private final Duration sessionTimeout;
    private final DrillLog log = new DrillLog();

    /**
     * @param acknowledge     the servers' {@code order.acknowledge}, which the redis-flush drill's verdict depends on
     * @param restoreSessions writes the users' sessions into Redis again (after a flush)
     * @param sessionTimeout  the servers' consumer group session timeout ({@code kafka.sessionTimeout})
     */
    DrillRunner(
            BenchSettings settings,
            List<ServerProcess> servers,
            ServerCounters counters,
            Path runDir,
            RunResources resources,
            SaleInspector inspector,
            String acknowledge,
            Runnable restoreSessions,
            Duration sessionTimeout) {
        this.settings = settings;
        this.servers = servers;
        this.counters = counters;
        this.runDir = runDir;
        this.resources = resources;
        this.inspector = inspector;
        this.acknowledge = acknowledge;
        this.restoreSessions = restoreSessions;
        this.sessionTimeout = sessionTimeout;
    }

    /** The run's timeline and the drills' audit lines. */
    DrillLog log() {
        return log;
    }

    /** Starts the drill that acts during the burst, if the run has one; null otherwise. */
    Thread start(AdminApi api, long voucherId, LongAdder accepted) {
        log.begin();
        Optional<Drill> drill = settings.drill();
        if (drill.isEmpty() || !DURING_THE_BURST.contains(drill.get())) {
            return null;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        switch (drill.get()) {
                            case KILL_APP -> killAndRestart(api, accepted);
                            case KILL_INSTANCE -> killOneForGood(accepted);
                            case KAFKA_OUTAGE -> outage("kafka", accepted);
                            case DB_OUTAGE -> outage("db", accepted);
                            case REDIS_CRASH -> redisCrash(accepted);
                            case REDIS_FLUSH -> redisFlush(voucherId, accepted);
                            case REDIS_FAILOVER -> redisFailover(voucherId, accepted);
                            case CLUSTER_FAILOVER -> clusterFailover(voucherId, accepted);
                            case KAFKA_BROKER, KAFKA_QUORUM, KAFKA_ROLLING -> brokers(api, voucherId, accepted);
                            default -> throw new IllegalStateException("no action for " + drill.get());
                        }
                    } catch (RuntimeException e) {
                        LOG.error("drill {} failed: {}", drill.get().label(), e.getMessage());
                        log.event("drill failed: " + e.getMessage());
                        log.line(new Audit.Line("drill", drill.get().label(), false, e.getMessage()));
                    }
                },
                "bench-drill");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void killAndRestart(AdminApi api, LongAdder accepted) {
        long soldBefore = waitForSale(
                accepted,
                Math.max(1, settings.stock() / 2),
                settings.rampWindow().multipliedBy(4).dividedBy(10));
        instances().killAndRestart(api, soldBefore).forEach(log::line);
    }

    private void killOneForGood(LongAdder accepted) {
        long soldBefore = waitForSale(
                accepted,
                Math.max(1, settings.stock() / 2),
                settings.rampWindow().multipliedBy(4).dividedBy(10));
        log.line(instances().killOneForGood(soldBefore, sessionTimeout));
    }

    private InstanceDrills instances() {
        return new InstanceDrills(servers, counters, resources, log::event);
    }

    private void outage(String service, LongAdder accepted) {
        LocalServices services = LocalServices.find(Path.of(""), runDir.resolve("services.log"));
        long soldBefore = waitForSale(
                accepted,
                Math.max(1, settings.stock() / 4),
                settings.rampWindow().multipliedBy(3).dividedBy(10));
        log.event("stopping " + service + ", " + soldBefore + " orders accepted so far");
        services.stop(service);
        long stopped = System.nanoTime();
        log.event(service + " stopped");
        LockSupport.parkNanos(settings.outage().toNanos());
        long starting = System.nanoTime();
        log.event("starting " + service);
        services.start(service);
        long answering = System.nanoTime();
        log.event(service + " answers again");
        log.line(new Audit.Line(
                "drill",
                settings.drill().orElseThrow().label(),
                true,
                "%s stopped after %d accepts, kept down %.1f s, answering %.1f s after the start command"
                        .formatted(service, soldBefore, (starting - stopped) / 1e9, (answering - starting) / 1e9)));
    }

    private void redisCrash(LongAdder accepted) {
        LocalServices services = LocalServices.find(Path.of(""), runDir.resolve("services.log"));
        long soldBefore = waitForSale(
                accepted,
                Math.max(1, settings.stock() / 4),
                settings.rampWindow().multipliedBy(3).dividedBy(10));
        log.line(new RedisDrills(log::event).crash(services, soldBefore));
    }

    private void redisFlush(long voucherId, LongAdder accepted) {
        long soldBefore = waitForSale(
                accepted,
                Math.max(1, settings.stock() / 4),
                settings.rampWindow().multipliedBy(3).dividedBy(10));
        log.line(new RedisDrills(log::event)
                .flush(
                        resources,
                        acknowledge,
                        soldBefore,
                        restoreSessions,
                        () -> inspectorStats(voucherId).isPresent()));
    }

    private void redisFailover(long voucherId, LongAdder accepted) {
        Duration window = settings.rampWindow().multipliedBy(2).dividedBy(10);
        long fifth = Math.max(1, settings.stock() / 5);
        failovers(voucherId)
                .sentinel(accepted, () -> waitForSale(accepted, fifth, window), fifth, window)
                .forEach(log::line);
    }

    private void clusterFailover(long voucherId, LongAdder accepted) {
        failovers(voucherId)
                .cluster(
                        resources.keyPrefix() + "sale:{" + voucherId + "}",
                        () -> waitForSale(
                                accepted,
                                Math.max(1, settings.stock() / 2),
                                settings.rampWindow().multipliedBy(4).dividedBy(10)))
                .forEach(log::line);
    }

    private void brokers(AdminApi api, long voucherId, LongAdder accepted) {
        try (ReplicatedKafka kafka = new ReplicatedKafka();
                FaultWatch watch = new FaultWatch(api, () -> recordedOrders(voucherId))) {
            KafkaDrills drills = new KafkaDrills(
                    LocalServices.find(Path.of(""), runDir.resolve("services.log")),
                    kafka,
                    watch,
                    log::event,
                    resources.ordersTopic(),
                    voucherId,
                    "published".equals(acknowledge),
                    BenchServers.DRILL_DELIVERY_TIMEOUT);
            Runnable underWay = () -> log.event(waitForSale(
                            accepted,
                            Math.max(1, settings.stock() / 4),
                            settings.rampWindow().multipliedBy(3).dividedBy(10))
                    + " orders accepted before the fault");
            List<Audit.Line> lines = switch (settings.drill().orElseThrow()) {
                case KAFKA_BROKER -> drills.brokerLost(underWay, settings.outage());
                case KAFKA_QUORUM -> drills.quorumLost(underWay, settings.outage());
                default -> drills.rollingRestart(underWay);
            };
            lines.forEach(log::line);
        }
    }

    private long recordedOrders(long voucherId) {
        try {
            return inspector.dbOrders(voucherId);
        } catch (java.sql.SQLException | RuntimeException e) {
            return -1;
        }
    }

    private FailoverDrills failovers(long voucherId) {
        return new FailoverDrills(
                LocalServices.find(Path.of(""), runDir.resolve("services.log")),
                log::event,
                () -> inspector.saleSound(voucherId));
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
        long deadline = log.origin() + atLatest.toNanos();
        while (System.nanoTime() < deadline && accepted.sum() < units) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return accepted.sum();
    }

    /** {@code --drill expire}, after the drain; the orders the fresh buyers got. */
    List<LoadRecorder.Accept> expire(
            AdminApi api, long voucherId, List<LoadRecorder.Accept> accepted, List<String> tokens) {
        ExpiryDrill expiry = new ExpiryDrill(api, voucherId, tokens, log::event);
        expiry.run(accepted);
        expiry.lines().forEach(log::line);
        return expiry.resold();
    }

    /** How long a drill may take, past the burst. */
    Duration patience() {
        return settings.outage().plus(ServerProcess.READY_WAIT).plusMinutes(10);
    }

    /** Waits for the drill started by {@link #start}; a drill that does not end in time fails its audit line. */
    void finish(Thread drill) {
        if (drill == null) {
            return;
        }
        try {
            drill.join(patience().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drill.isAlive()) {
            log.line(new Audit.Line(
                    "drill", settings.drill().orElseThrow().label(), false, "the drill did not finish in time"));
        }
    }
}
