package dev.seckill.redis;

import dev.seckill.supervision.SupervisedLoop;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Redis we talk to keeps an append-only file (every master of a cluster), asked at start
 * and then every interval on a supervised loop of its own, never on a request: a Redis restarted
 * or reconfigured without one would lose the sales and the pending orders in its next crash.
 */
public final class RedisPersistenceCheck implements AutoCloseable {

    public static final String LOOP = "redis-persistence-check";

    private static final Logger LOG = LoggerFactory.getLogger(RedisPersistenceCheck.class);

    private final RedisConnection redis;
    private final SupervisedLoop loop;
    // NaN until Redis first answers: an unknown is not an "off" to alert on
    private volatile double enabled = Double.NaN;

    public RedisPersistenceCheck(RedisConnection redis, Duration interval, MeterRegistry metrics) {
        this.redis = redis;
        Gauge.builder("seckill_redis_persistence_enabled", this, check -> check.enabled)
                .description(
                        "1 when every Redis master keeps an append-only file, 0 when one does not, NaN before the first answer")
                .register(metrics);
        this.loop = SupervisedLoop.every(LOOP, interval, this::check, metrics);
    }

    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** Asks Redis once; says so in the log when persistence is off, the first time it is seen off. */
    public void check() {
        List<String> volatileNodes;
        try {
            volatileNodes = nodesWithoutAppendOnlyFile(redis);
        } catch (RuntimeException e) {
            if (Double.isNaN(enabled)) {
                LOG.warn(
                        "cannot tell whether Redis keeps an append-only file (INFO persistence failed: {}); make sure it does "
                                + "(README, Operations)",
                        e.getMessage());
            }
            return;
        }
        boolean wasOff = enabled == 0;
        enabled = volatileNodes.isEmpty() ? 1 : 0;
        if (!volatileNodes.isEmpty() && !wasOff) {
            LOG.warn(
                    "Redis {} keeps no append-only file (appendonly no): a crash of Redis loses the stock and reservations of "
                            + "every sale (restored from the DB, with 503s meanwhile), the orders not yet published and every login "
                            + "session. Set appendonly yes (README, Operations)",
                    volatileNodes);
        }
    }

    /**
     * The nodes (every master of a cluster) that keep no append-only file, as {@code host:port}:
     * a crash of such a node loses what it held since its last snapshot, if it takes any.
     */
    static List<String> nodesWithoutAppendOnlyFile(RedisConnection redis) {
        List<String> without = new ArrayList<>();
        Optional<StatefulRedisClusterConnection<String, String>> cluster = redis.clusterConnection();
        if (cluster.isPresent()) {
            for (RedisClusterNode node : cluster.get().getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    String info = RedisFailures.await(cluster.get()
                            .getConnection(node.getNodeId())
                            .async()
                            .info("persistence"));
                    if (!appendOnly(info)) {
                        without.add(
                                node.getUri().getHost() + ":" + node.getUri().getPort());
                    }
                }
            }
        } else if (!appendOnly(RedisFailures.await(redis.commands().info("persistence")))) {
            // the connection's description is "Redis host:port"
            without.add(redis.toString().substring(redis.toString().indexOf(' ') + 1));
        }
        return without;
    }

    private static boolean appendOnly(String persistenceInfo) {
        return persistenceInfo.lines().anyMatch(line -> line.strip().equals("aof_enabled:1"));
    }
}
