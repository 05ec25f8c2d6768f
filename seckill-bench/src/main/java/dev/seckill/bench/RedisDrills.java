package dev.seckill.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The faults of the {@code redis-crash} and {@code redis-flush} drills, each with what the drill sees right after. */
final class RedisDrills {

    private static final Duration RESTORE_WAIT = Duration.ofMinutes(3);

    private final Consumer<String> event;

    /** @param event where the drill's timeline goes */
    RedisDrills(Consumer<String> event) {
        this.event = event;
    }

    /** SIGKILL of redis-server, then {@code services start redis}: it comes back from its append-only file. */
    Audit.Line crash(LocalServices services, long soldBefore) {
        services.kill("redis");
        long killed = System.nanoTime();
        event.accept("redis-server killed with SIGKILL, " + soldBefore + " orders accepted so far");
        services.start("redis");
        event.accept("redis answers again");
        return new Audit.Line(
                "drill",
                "redis-crash",
                true,
                "redis-server killed after %d accepts, answering again %.1f s later (its append-only file replayed)"
                        .formatted(soldBefore, (System.nanoTime() - killed) / 1e9));
    }

    /**
     * FLUSHALL (what a failover to an empty replica does), the buyers log in again, then the wait for
     * the sale to be back: the next request after the flush starts its restore, which needs no more requests.
     */
    Audit.Line flush(
            RunResources resources,
            String acknowledge,
            long soldBefore,
            Runnable logInAgain,
            BooleanSupplier saleBack) {
        flushAll(resources.redisUri(), resources.redisCluster());
        long flushed = System.nanoTime();
        event.accept("FLUSHALL after " + soldBefore + " accepts (order.acknowledge " + acknowledge + ")");
        logInAgain.run();
        event.accept("the buyers logged in again");
        long deadline = flushed + RESTORE_WAIT.toNanos();
        while (!saleBack.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return new Audit.Line(
                        "drill",
                        "redis-flush: sale restored",
                        false,
                        "the sale was not back in Redis within " + Durations.format(RESTORE_WAIT));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        double seconds = (System.nanoTime() - flushed) / 1e9;
        event.accept("the sale is back in Redis, restored from the DB %.1f s after the flush".formatted(seconds));
        return new Audit.Line(
                "drill",
                "redis-flush: sale restored",
                true,
                "FLUSHALL after %d accepts; restored from the DB %.1f s later".formatted(soldBefore, seconds));
    }

    /** FLUSHALL on the single Redis at {@code uri}; a cluster is refused (the drill runs on the single node). */
    private static void flushAll(String uri, boolean cluster) {
        if (cluster || uri.contains(",")) {
            throw new IllegalStateException(
                    "the redis-flush drill runs against a single Redis, not the cluster at " + uri);
        }
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().flushall();
        } finally {
            client.shutdown();
        }
    }
}
