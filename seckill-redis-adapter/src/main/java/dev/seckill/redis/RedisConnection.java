package dev.seckill.redis;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to Redis that the adapters share: a single node through Lettuce's
 * {@code RedisClient}, or a Redis Cluster through {@code RedisClusterClient} when the settings say
 * {@code cluster=true} or the URI lists several comma-separated nodes. Lettuce pipelines the
 * commands of every caller on it, so one connection serves the whole request path.
 *
 * <p>While Redis is unreachable, commands fail at once (or after the command timeout when they were
 * already sent) with {@link ServiceUnavailableException}; the connection reconnects by itself,
 * retrying at least every second, and commands cut off by the outage are never replayed later.
 */
public final class RedisConnection implements AutoCloseable, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final Duration FAILOVER_CHECK = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final String description;
    private final FailoverWatch failovers;

    private RedisConnection(
            ClientResources resources,
            AbstractRedisClient client,
            StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands,
            String description,
            List<RedisURI> sentinels) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.description = description;
        this.failovers = new FailoverWatch(connection, resources, sentinels, this::followTheMaster, FAILOVER_CHECK);
    }

    /**
     * Connects now. Throws {@link ServiceUnavailableException} when Redis does not answer, and
     * {@link IllegalArgumentException} when the URI cannot be parsed.
     */
    public static RedisConnection connect(RedisSettings settings) {
        List<RedisURI> nodes = settings.nodes().stream()
                .map(node -> LettuceOptions.uri(node, settings.commandTimeout()))
                .toList();
        // host:port only: the URI may hold a password
        String where = nodes.stream().map(RedisConnection::where).collect(Collectors.joining(","));
        ClientResources resources = LettuceOptions.resources();
        AbstractRedisClient client = null;
        try {
            if (settings.clustered()) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, nodes);
                cluster.setOptions(LettuceOptions.cluster(settings.commandTimeout()));
                client = cluster;
                StatefulRedisClusterConnection<String, String> connection = connectToEveryMaster(cluster);
                LOG.info("connected to the Redis Cluster at {}", where);
                return new RedisConnection(
                        resources, cluster, connection, connection.async(), "Redis Cluster " + where, List.of());
            }
            RedisClient single = RedisClient.create(resources, nodes.get(0));
            single.setOptions(LettuceOptions.single(settings.commandTimeout()));
            client = single;
            StatefulRedisConnection<String, String> connection = single.connect();
            if (settings.sentinel()) {
                // every (re)connect asks the Sentinels which node is the master now; see followTheMaster
                LOG.info("connected to the master the Sentinels at {} name", where);
                return new RedisConnection(
                        resources,
                        single,
                        connection,
                        connection.async(),
                        "Redis Sentinel " + where,
                        nodes.get(0).getSentinels());
            }
            LOG.info("connected to Redis at {}", where);
            return new RedisConnection(resources, single, connection, connection.async(), "Redis " + where, List.of());
        } catch (RuntimeException e) {
            shutdown(client, resources);
            RuntimeException translated = RedisFailures.translate(e);
            if (translated instanceof ServiceUnavailableException) {
                throw new ServiceUnavailableException(
                        RedisFailures.SERVICE, "cannot connect to " + where + ": " + e.getMessage(), e);
            }
            throw translated;
        }
    }

    /** Whether Redis answers a PING within the command timeout; for readiness checks, never throws. */
    public boolean ping() {
        try {
            return "PONG".equals(RedisFailures.await(commands.ping()));
        } catch (RuntimeException e) {
            LOG.debug("{} does not answer: {}", description, e.getMessage());
            return false;
        }
    }

    /**
     * Tells {@code listener}, on a thread of its own, each time Redis failed over to a replica or started again (see
     * {@link FailoverWatch}): what it held may be behind what it acknowledged.
     */
    public void onFailover(Runnable listener) {
        failovers.onFailover(listener);
    }

    /**
     * A Sentinel named a new master: the connection drops itself (CLIENT KILL of its own id) and reconnects to the
     * master the Sentinels name, at once, whether the old one died or lives on as a replica.
     */
    private void followTheMaster() {
        if (client instanceof RedisClusterClient) {
            return;
        }
        try {
            Long id = RedisFailures.await(commands.clientId());
            RedisFailures.await(commands.clientKill(KillArgs.Builder.id(id)));
        } catch (RuntimeException e) {
            // the old master is gone: the connection is reconnecting to the new one already
            LOG.debug("the connection to the old master is already down: {}", e.toString());
        }
    }

    /** How many failovers or restarts of Redis this connection noticed, as {@code seckill_redis_failovers_total}. */
    @Override
    public void bindTo(MeterRegistry metrics) {
        FunctionCounter.builder("seckill.redis.failovers", failovers, FailoverWatch::failovers)
                .description("failovers or restarts of Redis noticed (a master's replication id changed)")
                .register(metrics);
    }

    @Override
    public void close() {
        failovers.close();
        connection.close();
        shutdown(client, resources);
        LOG.info("closed the connection to {}", description);
    }

    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /** The cluster's connection (its partitions, a connection per node); empty for a single node. */
    Optional<StatefulRedisClusterConnection<String, String>> clusterConnection() {
        return connection instanceof StatefulRedisClusterConnection<String, String> cluster
                ? Optional.of(cluster)
                : Optional.empty();
    }

    /**
     * A connection of its own whose commands are written only on {@link Bulk#flush}, many per
     * network write: for loading data in bulk, never for the request path.
     */
    Bulk openBulk() {
        StatefulConnection<String, String> bulk;
        RedisClusterAsyncCommands<String, String> bulkCommands;
        try {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> opened = connectToEveryMaster(cluster);
                bulk = opened;
                bulkCommands = opened.async();
            } else {
                StatefulRedisConnection<String, String> opened = ((RedisClient) client).connect();
                bulk = opened;
                bulkCommands = opened.async();
            }
        } catch (RuntimeException e) {
            throw RedisFailures.translate(e);
        }
        bulk.setAutoFlushCommands(false);
        return new Bulk(bulk, bulkCommands);
    }

    /** The client's own scheduler (its event executors), for work the adapters delay by a moment. */
    ScheduledExecutorService scheduler() {
        return resources.eventExecutorGroup();
    }

    /** Whether this is a Redis Cluster. */
    boolean cluster() {
        return client instanceof RedisClusterClient;
    }

    /** A connection of its own to the single node (the master, behind Sentinels), for session tracking; empty on a cluster. */
    Optional<StatefulRedisConnection<String, String>> openSingle() {
        if (client instanceof RedisClient single) {
            try {
                return Optional.of(single.connect());
            } catch (RuntimeException e) {
                throw RedisFailures.translate(e);
            }
        }
        return Optional.empty();
    }

    /** Redis' own clock (of whichever node answers, on a cluster). */
    Instant time() {
        List<String> time = RedisFailures.await(commands.time());
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000);
    }

    @Override
    public String toString() {
        return description;
    }

    /** Commands sent in bulk; see {@link #openBulk}. */
    record Bulk(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands)
            implements AutoCloseable {

        void flush() {
            connection.flushCommands();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private static String where(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            return uri.getSentinels().stream()
                            .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort())
                            .collect(Collectors.joining(","))
                    + "#" + uri.getSentinelMasterId();
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Lettuce opens the connection to a node on its first command, and rejecting commands while
     * disconnected would reject that first command too: open them all now instead.
     */
    private static StatefulRedisClusterConnection<String, String> connectToEveryMaster(RedisClusterClient cluster) {
        StatefulRedisClusterConnection<String, String> connection = cluster.connect();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                connection.getConnection(node.getUri().getHost(), node.getUri().getPort());
            }
        }
        return connection;
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        // a best effort on the way out: nothing waits for the resources to be gone
        var unused = resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
