package dev.seckill.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The failovers of replicated Redis ({@code redis-failover}: Sentinel, {@code cluster-failover}: a Cluster with
 * replicas), each ending with the sale back on sale; the audit that follows the run checks that no accepted order was
 * lost or doubled. A sale answers 503 from the failover until it is restored: the drill fails when that takes longer
 * than {@link #BACK_ON_SALE}.
 */
final class FailoverDrills {

    static final Duration BACK_ON_SALE = Duration.ofSeconds(10);
    private static final Duration PROMOTION_WAIT = Duration.ofMinutes(1);
    private static final Duration RESTORE_WAIT = Duration.ofMinutes(3);

    private final LocalServices services;
    private final Consumer<String> event;
    private final BooleanSupplier saleSound;

    /**
     * @param saleSound whether Redis's copy of the drill's sale is sound (after a failover: once it is restored)
     */
    FailoverDrills(LocalServices services, Consumer<String> event, BooleanSupplier saleSound) {
        this.services = services;
        this.event = event;
        this.saleSound = saleSound;
    }

    /**
     * Sentinel: the replica frozen (it receives nothing more), {@code more} orders accepted that only the master
     * holds, the master SIGKILLed, the replica thawed; Sentinel promotes it, the app follows by itself.
     */
    List<Audit.Line> sentinel(LongAdder accepted, Runnable awaitSaleUnderWay, long more, Duration atMost) {
        // who is who first: asking takes longer than a small sale lasts
        int master = ReplicatedRedis.sentinelMaster();
        int replica = ReplicatedRedis.sentinelReplica();
        awaitSaleUnderWay.run();
        services.freeze("redis@" + replica);
        long frozenAt = accepted.sum();
        event.accept("replica 127.0.0.1:%d frozen (SIGSTOP) after %d accepts: it receives nothing more"
                .formatted(replica, frozenAt));
        long deadline = System.nanoTime() + atMost.toNanos();
        while (accepted.sum() < frozenAt + more && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        long onlyOnTheMaster = accepted.sum() - frozenAt;
        services.kill("redis@" + master);
        long killed = System.nanoTime();
        event.accept("master 127.0.0.1:%d killed with SIGKILL; %d orders were accepted that the replica never received"
                .formatted(master, onlyOnTheMaster));
        services.thaw("redis@" + replica);
        event.accept("replica 127.0.0.1:%d thawed".formatted(replica));
        boolean promoted = await(() -> ReplicatedRedis.sentinelMaster() == replica, PROMOTION_WAIT);
        long failover = System.nanoTime();
        event.accept(
                promoted
                        ? "Sentinel promoted 127.0.0.1:%d %.1f s after the kill"
                                .formatted(replica, seconds(killed, failover))
                        : "Sentinel did not promote the replica within " + Durations.format(PROMOTION_WAIT));
        Audit.Line back = backOnSale("redis-failover", promoted, failover, onlyOnTheMaster);
        services.start("redis@" + master);
        event.accept("the old master 127.0.0.1:%d started again (Sentinel makes it a replica)".formatted(master));
        return List.of(
                new Audit.Line(
                        "drill",
                        "redis-failover: orders the replica never had",
                        onlyOnTheMaster > 0,
                        "%d orders accepted while the replica was frozen (the audit: none lost, none doubled)"
                                .formatted(onlyOnTheMaster)),
                back);
    }

    /** Cluster: the master serving the sale's slot SIGKILLed mid-burst; its replica promotes itself. */
    List<Audit.Line> cluster(String saleKey, LongSupplier awaitSaleUnderWay) {
        int[] nodes = ReplicatedRedis.clusterMasterAndReplicaOf(saleKey);
        int master = nodes[0];
        int replica = nodes[1];
        long soldBefore = awaitSaleUnderWay.getAsLong();
        services.kill("redis@" + master);
        long killed = System.nanoTime();
        event.accept("master 127.0.0.1:%d of the sale's slot killed with SIGKILL after %d accepts"
                .formatted(master, soldBefore));
        boolean promoted = await(() -> "master".equals(ReplicatedRedis.role(replica)), PROMOTION_WAIT);
        long failover = System.nanoTime();
        event.accept(
                promoted
                        ? "replica 127.0.0.1:%d promoted itself %.1f s after the kill"
                                .formatted(replica, seconds(killed, failover))
                        : "the replica was not promoted within " + Durations.format(PROMOTION_WAIT));
        Audit.Line back = backOnSale("cluster-failover", promoted, failover, soldBefore);
        services.start("redis@" + master);
        event.accept("the old master 127.0.0.1:%d started again (it rejoins as a replica)".formatted(master));
        return List.of(back);
    }

    private Audit.Line backOnSale(String drill, boolean promoted, long failover, long accepts) {
        if (!promoted) {
            return new Audit.Line("drill", drill + ": back on sale", false, "no failover happened");
        }
        boolean restored = await(saleSound, RESTORE_WAIT);
        double took = seconds(failover, System.nanoTime());
        event.accept(
                restored
                        ? "the sale sells again %.1f s after the failover (restored from the database)".formatted(took)
                        : "the sale was not restored within " + Durations.format(RESTORE_WAIT));
        return new Audit.Line(
                "drill",
                drill + ": back on sale",
                restored && took <= BACK_ON_SALE.toSeconds(),
                "after %d accepts the sale answered 503 for %.1f s after the failover, until restored (at most %d s)"
                        .formatted(accepts, took, BACK_ON_SALE.toSeconds()));
    }

    private static boolean await(BooleanSupplier done, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!holds(done)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return true;
    }

    /** Whether it holds now; a node or Sentinel that does not answer in the middle of a failover says no. */
    private static boolean holds(BooleanSupplier done) {
        try {
            return done.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
