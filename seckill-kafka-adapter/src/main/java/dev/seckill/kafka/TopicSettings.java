package dev.seckill.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * The three topics of the order flow: the main topic (keyed by voucherId), the shared retry topic
 * and the dead-letter queue, with their partition counts, replication factor, how many in-sync
 * replicas a write needs, and how long they keep records (the dead letters longest: someone has to
 * look at them before they are replayed). A replication factor or a {@code min.insync.replicas} of 0
 * is chosen from the cluster when the topics are created: 3 and 2 on three brokers or more, else 1
 * and 1 ({@link #resolvedFor}).
 */
public record TopicSettings(
        String orders,
        int ordersPartitions,
        String retry,
        int retryPartitions,
        String deadLetters,
        int deadLetterPartitions,
        short replicationFactor,
        short minInsyncReplicas,
        Duration retention,
        Duration deadLetterRetention) {

    /** A replication factor or {@code min.insync.replicas} chosen from the cluster ({@link #resolvedFor}). */
    public static final short AUTOMATIC = 0;
    /** The replication factor of production: a broker may die and another restart while writes go on. */
    public static final short PRODUCTION_FACTOR = 3;

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_DEAD_LETTER_RETENTION = Duration.ofDays(30);
    public static final TopicSettings DEFAULT = named("seckill-orders", "seckill-orders-retry", "seckill-orders-dlq");

    /** With one in-sync replica and the default retentions (7 days, 30 for the dead letters). */
    public TopicSettings(
            String orders,
            int ordersPartitions,
            String retry,
            int retryPartitions,
            String deadLetters,
            int deadLetterPartitions,
            short replicationFactor) {
        this(
                orders,
                ordersPartitions,
                retry,
                retryPartitions,
                deadLetters,
                deadLetterPartitions,
                replicationFactor,
                (short) 1,
                DEFAULT_RETENTION,
                DEFAULT_DEAD_LETTER_RETENTION);
    }

    public TopicSettings {
        requireName("orders", orders);
        requireName("retry", retry);
        requireName("deadLetters", deadLetters);
        if (orders.equals(retry) || orders.equals(deadLetters) || retry.equals(deadLetters)) {
            throw new IllegalArgumentException(
                    "the three topics need three different names, got " + orders + ", " + retry + ", " + deadLetters);
        }
        requirePositive("ordersPartitions", ordersPartitions);
        requirePositive("retryPartitions", retryPartitions);
        requirePositive("deadLetterPartitions", deadLetterPartitions);
        requireNotNegative("replicationFactor", replicationFactor);
        requireNotNegative("minInsyncReplicas", minInsyncReplicas);
        if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(
                    "minInsyncReplicas (" + minInsyncReplicas + ") cannot exceed replicationFactor ("
                            + replicationFactor + "): no write could ever be acknowledged");
        }
        Objects.requireNonNull(retention, "retention is required");
        Objects.requireNonNull(deadLetterRetention, "deadLetterRetention is required");
        if (retention.compareTo(Duration.ofHours(1)) < 0 || deadLetterRetention.compareTo(retention) < 0) {
            throw new IllegalArgumentException(
                    "retention must be at least an hour and deadLetterRetention at least retention, got " + retention
                            + " and " + deadLetterRetention);
        }
    }

    /** These settings with the durability the topics are created with. */
    public TopicSettings withDurability(short minInsyncReplicas, Duration retention, Duration deadLetterRetention) {
        return new TopicSettings(
                orders,
                ordersPartitions,
                retry,
                retryPartitions,
                deadLetters,
                deadLetterPartitions,
                replicationFactor,
                minInsyncReplicas,
                retention,
                deadLetterRetention);
    }

    /**
     * The given names with the default partitions (6 main, 6 retry, 1 DLQ) and the replication chosen from the
     * cluster.
     */
    public static TopicSettings named(String orders, String retry, String deadLetters) {
        return new TopicSettings(
                orders,
                6,
                retry,
                6,
                deadLetters,
                1,
                AUTOMATIC,
                AUTOMATIC,
                DEFAULT_RETENTION,
                DEFAULT_DEAD_LETTER_RETENTION);
    }

    /**
     * These settings on a cluster of {@code brokers}: an automatic replication factor is 3 where there are three
     * brokers or more (else as many as there are), an automatic {@code min.insync.replicas} 2 where the replication
     * factor is 3 or more (else 1).
     */
    public TopicSettings resolvedFor(int brokers) {
        short factor =
                replicationFactor > 0 ? replicationFactor : (short) Math.max(1, Math.min(PRODUCTION_FACTOR, brokers));
        short inSync = minInsyncReplicas > 0 ? minInsyncReplicas : (short) (factor >= PRODUCTION_FACTOR ? 2 : 1);
        return new TopicSettings(
                orders,
                ordersPartitions,
                retry,
                retryPartitions,
                deadLetters,
                deadLetterPartitions,
                factor,
                (short) Math.min(inSync, factor),
                retention,
                deadLetterRetention);
    }

    private static void requireName(String field, String name) {
        Objects.requireNonNull(name, field + " topic name is required");
        if (name.isBlank()) {
            throw new IllegalArgumentException(field + " topic name must not be blank");
        }
    }

    private static void requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be 0 (chosen from the cluster) or more, got " + value);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
