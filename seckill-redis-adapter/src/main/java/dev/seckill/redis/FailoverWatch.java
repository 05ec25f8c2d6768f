package dev.seckill.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Notices that the Redis the app talks to failed over to a replica or started again, however that happened: the
 * replication id of each master changes then (and only then), so it is asked every second, and at once on a
 * Sentinel's {@code +switch-master} and on a cluster topology change. Behind an address that stays the same (a managed
 * Redis's primary endpoint, a proxy) the id is all there is to tell. The sales themselves need no watch: each script
 * compares the id a sale was written under with the node's (sale-copy.lua). What is told here is for what the app
 * keeps outside Redis (the session cache) and to start the restores before the next buyer asks.
 */
final class FailoverWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatch.class);
    private static final Pattern REPLID = Pattern.compile("master_replid:([0-9a-f]+)");

    private final StatefulConnection<String, String> connection;
    private final Runnable switched;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    // a thread of its own: the checks block on Redis's answers, which must never hold one of the client's threads
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-failover-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong failovers = new AtomicLong();
    // each node's replication id as last seen while it was a master; a node that does not answer keeps its entry
    private final Map<String, String> known = new HashMap<>();

    /**
     * @param switched run when a Sentinel announces a new master, before the check: what makes the connections
     *     follow it at once
     */
    FailoverWatch(
            StatefulConnection<String, String> connection,
            ClientResources resources,
            List<RedisURI> sentinels,
            Runnable switched,
            Duration every) {
        this.connection = connection;
        this.switched = switched;
        known.putAll(idsOfMastersAnswering());
        for (RedisURI sentinel : sentinels) {
            subscribeToSwitches(sentinel);
        }
        if (connection instanceof StatefulRedisClusterConnection<?, ?>) {
            Disposable topology = resources
                    .eventBus()
                    .get()
                    .filter(ClusterTopologyChangedEvent.class::isInstance)
                    .subscribe(event -> checker.execute(this::check));
            subscriptions.add(topology::dispose);
        }
        var unused = checker.scheduleWithFixedDelay(
                this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells {@code listener} of every failover or restart noticed from now on, on a thread of the client's. */
    void onFailover(Runnable listener) {
        listeners.add(listener);
    }

    /** How many failovers or restarts were noticed. */
    long failovers() {
        return failovers.get();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // a schedule that throws stops for good: this one must not
            LOG.warn("the failover check failed: {}", e.toString());
        }
    }

    /** Compares each master's replication id with the one seen last; tells the listeners when one changed. */
    synchronized void check() {
        Map<String, String> now = idsOfMastersAnswering();
        // a master whose id changed (a restart, a promotion behind the same address), or a node that became master
        boolean changed = !known.isEmpty()
                && now.entrySet().stream().anyMatch(node -> !node.getValue().equals(known.get(node.getKey())));
        Map<String, String> before = Map.copyOf(known);
        known.putAll(now);
        if (!changed) {
            return;
        }
        failovers.incrementAndGet();
        LOG.warn(
                "Redis failed over or started again (replication ids {} -> {}): its sales may have lost reservations"
                        + " and are restored from the database before they sell again",
                before,
                now);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a failover listener failed: {}", e.toString());
            }
        }
    }

    /** The replication id of each master that answers now, by its address; a node that does not answer is left out. */
    private Map<String, String> idsOfMastersAnswering() {
        Map<String, String> ids = new HashMap<>();
        if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                    String address =
                            node.getUri().getHost() + ":" + node.getUri().getPort();
                    readId(() -> cluster.getConnection(node.getNodeId()).async().info("replication"))
                            .ifPresent(id -> ids.put(address, id));
                }
            }
        } else if (connection instanceof StatefulRedisConnection<String, String> single) {
            readId(() -> single.async().info("replication")).ifPresent(id -> ids.put("master", id));
        }
        return ids;
    }

    private static Optional<String> readId(Supplier<RedisFuture<String>> info) {
        try {
            String text = RedisFailures.await(info.get());
            // a node that answers as a replica is no master (any more): its id is not a master's
            return text.contains("role:master") ? Optional.of(replid(text)) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.debug("replication id not read: {}", e.toString());
            return Optional.empty();
        }
    }

    private static String replid(String info) {
        Matcher matcher = REPLID.matcher(info);
        return matcher.find() ? matcher.group(1) : "";
    }

    private void subscribeToSwitches(RedisURI sentinel) {
        RedisURI node = RedisURI.builder()
                .withHost(sentinel.getHost())
                .withPort(sentinel.getPort())
                .withTimeout(sentinel.getTimeout())
                .build();
        try {
            RedisClient client = RedisClient.create(node);
            StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    LOG.info("Sentinel {}:{} says {} {}", node.getHost(), node.getPort(), channel, message);
                    checker.execute(() -> {
                        switched.run();
                        checkQuietly();
                    });
                }
            });
            pubSub.sync().subscribe("+switch-master");
            subscriptions.add(() -> {
                pubSub.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            });
        } catch (RuntimeException e) {
            // another Sentinel tells, and the periodic check notices anyway
            LOG.warn("cannot listen to Sentinel {}:{}: {}", node.getHost(), node.getPort(), e.toString());
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("closing a subscription failed: {}", e.toString());
            }
        }
    }
}
