package dev.seckill.kafka;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the order topics when they are absent, and tells whether the broker answers. */
public final class KafkaTopics implements AutoCloseable, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int PING_TIMEOUT_MS = 2_000;
    private static final Duration LEADER_RETRY = Duration.ofMillis(50);

    private final TopicSettings configured;
    private final Admin admin;
    // the configuration resolved on the cluster by the last createIfAbsent
    private TopicSettings topics;
    private volatile List<String> underReplicated = List.of();

    public KafkaTopics(KafkaSettings settings) {
        this.configured = settings.topics();
        this.topics = configured;
        this.admin = Admin.create(ClientConfigs.admin(settings, "seckill-topics-" + INSTANCES.incrementAndGet()));
    }

    /**
     * Creates whichever of the main, retry and dead-letter topics does not exist yet, with the
     * configured retention and {@code min.insync.replicas}; returns the names it created. An existing
     * topic that keeps records shorter or asks fewer in-sync replicas than configured is raised to
     * the configuration (a WARN when the broker refuses). Throws
     * {@link ServiceUnavailableException} when the broker does not answer, and
     * {@link IllegalStateException} when it refuses (e.g. a replication factor above its broker count).
     */
    public List<String> createIfAbsent() {
        int brokers =
                await(admin.describeCluster().nodes(), "describe the cluster").size();
        topics = configured.resolvedFor(brokers);
        Set<String> existing = await(
                admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), "list topics");
        List<NewTopic> missing = new ArrayList<>();
        addIfMissing(missing, existing, topics.orders(), topics.ordersPartitions());
        addIfMissing(missing, existing, topics.retry(), topics.retryPartitions());
        addIfMissing(missing, existing, topics.deadLetters(), topics.deadLetterPartitions());
        List<String> created = new ArrayList<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                await(entry.getValue(), "create topic " + entry.getKey());
                created.add(entry.getKey());
                LOG.info("created topic {}", entry.getKey());
            } catch (IllegalStateException e) {
                // another instance created it at the same moment: fine
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitLeaders(missing);
        raiseExisting(existing);
        checkReplication(brokers);
        return created;
    }

    /**
     * The topics whose replication factor is below 3 or whose {@code min.insync.replicas} is below 2 on a cluster of
     * three brokers or more, which could hold them so: a broker lost could lose what it alone had, as of the last
     * {@link #createIfAbsent}.
     */
    public List<String> underReplicated() {
        return underReplicated;
    }

    /** {@link #underReplicated()}, counted as {@code seckill_kafka_topics_under_replicated}. */
    @Override
    public void bindTo(MeterRegistry metrics) {
        Gauge.builder(
                        "seckill.kafka.topics.under.replicated",
                        this,
                        t -> t.underReplicated().size())
                .description("the order topics kept below replication factor 3 or min.insync.replicas 2 on a cluster"
                        + " of three brokers or more")
                .register(metrics);
    }

    private void checkReplication(int brokers) {
        if (brokers < TopicSettings.PRODUCTION_FACTOR) {
            underReplicated = List.of();
            return;
        }
        List<String> names = List.of(topics.orders(), topics.retry(), topics.deadLetters());
        Map<String, TopicDescription> described =
                await(admin.describeTopics(names).allTopicNames(), "describe topics");
        Map<ConfigResource, Config> configs = await(
                admin.describeConfigs(names.stream()
                                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                                .toList())
                        .all(),
                "read the topics' configs");
        List<String> below = new ArrayList<>();
        for (String name : names) {
            int factor = described.get(name).partitions().stream()
                    .mapToInt(partition -> partition.replicas().size())
                    .min()
                    .orElse(0);
            ConfigEntry inSync = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInsync = inSync == null || inSync.value() == null ? 1 : Integer.parseInt(inSync.value());
            if (factor < TopicSettings.PRODUCTION_FACTOR || minInsync < 2) {
                below.add("%s (replication factor %d, min.insync.replicas %d)".formatted(name, factor, minInsync));
            }
        }
        underReplicated = List.copyOf(below);
        if (!below.isEmpty()) {
            LOG.warn(
                    "on a cluster of {} brokers these topics are kept below replication factor 3 and min.insync.replicas"
                            + " 2, so a broker lost can lose what it alone had: {}; raise them (kafka-reassign-partitions"
                            + " for the factor, kafka-configs for min.insync.replicas)",
                    brokers,
                    below);
        }
    }

    private Map<String, String> configsOf(String topic) {
        Duration retention = topic.equals(topics.deadLetters()) ? topics.deadLetterRetention() : topics.retention();
        return Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(retention.toMillis()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Short.toString(topics.minInsyncReplicas()));
    }

    /** Topics made before (by an older version, or by hand) get at least the configured durability. */
    private void raiseExisting(Set<String> existing) {
        List<ConfigResource> ours = List.of(topics.orders(), topics.retry(), topics.deadLetters()).stream()
                .filter(existing::contains)
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        if (ours.isEmpty()) {
            return;
        }
        Map<ConfigResource, Config> current = await(admin.describeConfigs(ours).all(), "read the topics' configs");
        Map<ConfigResource, Collection<AlterConfigOp>> raise = new HashMap<>();
        current.forEach((resource, config) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            configsOf(resource.name()).forEach((key, wanted) -> {
                ConfigEntry entry = config.get(key);
                long now = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
                // -1 retention keeps records for ever: nothing to raise
                boolean forever = key.equals(TopicConfig.RETENTION_MS_CONFIG) && now < 0 && entry != null;
                if (!forever && now < Long.parseLong(wanted)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                raise.put(resource, ops);
            }
        });
        if (raise.isEmpty()) {
            return;
        }
        try {
            await(admin.incrementalAlterConfigs(raise).all(), "raise the topics' retention and min.insync.replicas");
            raise.forEach((resource, ops) -> LOG.info(
                    "topic {}: set {}",
                    resource.name(),
                    ops.stream()
                            .map(op -> op.configEntry().name() + "="
                                    + op.configEntry().value())
                            .toList()));
        } catch (IllegalStateException e) {
            LOG.warn(
                    "cannot raise the topics' retention and min.insync.replicas ({}): set them on the broker by hand: {}",
                    e.getMessage(),
                    raise.keySet().stream().map(ConfigResource::name).toList());
        }
    }

    /**
     * Waits until every partition of the new topics answers as its leader. The broker announces a
     * new partition's leader a moment before it can take writes, and an idempotent producer whose
     * first batch is refused in that moment can see its later batches land first and then be
     * stuck on an out-of-order sequence until the delivery timeout.
     */
    private void awaitLeaders(List<NewTopic> topics) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int partition = 0; partition < topic.numPartitions(); partition++) {
                partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + ClientConfigs.REQUEST_TIMEOUT.toNanos();
        while (true) {
            try {
                await(admin.listOffsets(partitions).all(), "read the new partitions' offsets");
                return;
            } catch (ServiceUnavailableException e) {
                // a topic just created may still be unknown to the broker's metadata: ask again
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(LEADER_RETRY.toNanos());
            }
        }
    }

    /** Whether the broker answers a metadata request within two seconds. */
    public boolean ping() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(PING_TIMEOUT_MS))
                    .clusterId()
                    .get(PING_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    private void addIfMissing(List<NewTopic> missing, Set<String> existing, String name, int partitions) {
        if (!existing.contains(name)) {
            missing.add(new NewTopic(name, partitions, topics.replicationFactor()).configs(configsOf(name)));
        }
    }

    static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ClientConfigs.REQUEST_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException) {
                throw new ServiceUnavailableException("kafka", "cannot " + what + ": " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("kafka", "cannot " + what + ": no answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("kafka", "interrupted while trying to " + what, e);
        }
    }
}
