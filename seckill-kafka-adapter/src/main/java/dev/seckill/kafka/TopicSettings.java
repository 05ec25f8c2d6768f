package dev.seckill.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * The three topics of the order flow: the main topic (keyed by voucherId), the shared retry topic
 * and the dead-letter queue, with their partition counts, replication factor, how many in-sync
 * replicas a write needs, and how long they keep records (the dead letters longest: someone has to
 * look at them before they are replayed).
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
        requirePositive("replicationFactor", replicationFactor);
        requirePositive("minInsyncReplicas", minInsyncReplicas);
        if (minInsyncReplicas > replicationFactor) {
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

    /** The given names with the default partitions (6 main, 6 retry, 1 DLQ) and replication factor 1. */
    public static TopicSettings named(String orders, String retry, String deadLetters) {
        return new TopicSettings(orders, 6, retry, 6, deadLetters, 1, (short) 1);
    }

    private static void requireName(String field, String name) {
        Objects.requireNonNull(name, field + " topic name is required");
        if (name.isBlank()) {
            throw new IllegalArgumentException(field + " topic name must not be blank");
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
