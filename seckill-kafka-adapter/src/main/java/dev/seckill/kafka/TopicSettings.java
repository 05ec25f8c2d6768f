package dev.seckill.kafka;

import java.util.Objects;

/**
 * The three topics of the order flow: the main topic (keyed by voucherId), the shared retry topic
 * and the dead-letter queue, with their partition counts and replication factor.
 */
public record TopicSettings(
        String orders,
        int ordersPartitions,
        String retry,
        int retryPartitions,
        String deadLetters,
        int deadLetterPartitions,
        short replicationFactor) {

    public static final TopicSettings DEFAULT = named("seckill-orders", "seckill-orders-retry", "seckill-orders-dlq");

    public TopicSettings {
        requireName("orders", orders);
        requireName("retry", retry);
        requireName("deadLetters", deadLetters);
        if (orders.equals(retry) || orders.equals(deadLetters) || retry.equals(deadLetters)) {
            throw new IllegalArgumentException("the three topics need three different names, got "
                    + orders + ", " + retry + ", " + deadLetters);
        }
        requirePositive("ordersPartitions", ordersPartitions);
        requirePositive("retryPartitions", retryPartitions);
        requirePositive("deadLetterPartitions", deadLetterPartitions);
        requirePositive("replicationFactor", replicationFactor);
    }

    /** The given names with the default partitions (6 main, 3 retry, 1 DLQ) and replication factor 1. */
    public static TopicSettings named(String orders, String retry, String deadLetters) {
        return new TopicSettings(orders, 6, retry, 3, deadLetters, 1, (short) 1);
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
