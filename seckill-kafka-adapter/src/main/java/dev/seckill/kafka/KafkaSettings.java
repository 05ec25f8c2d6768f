package dev.seckill.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the Kafka adapter needs to know, as plain values. The app's {@code kafka:}
 * configuration section binds straight into it.
 *
 * @param bootstrapServers     the brokers, e.g. {@code 127.0.0.1:9092}
 * @param topics               topic names, partitions and replication factor
 * @param consumerGroup        the order consumers' group
 * @param maxPollRecords       the largest batch one poll hands to the ledger (one transaction)
 * @param publishQueueCapacity how many orders may wait for the producer's sender thread before
 *                             {@code publish} fails at once (the order stays pending and is swept)
 * @param deliveryTimeout      how long the producer tries to deliver one record before giving up
 */
public record KafkaSettings(
        String bootstrapServers,
        TopicSettings topics,
        String consumerGroup,
        int maxPollRecords,
        int publishQueueCapacity,
        Duration deliveryTimeout) {

    /** The local services' broker, the default topics and group, batches of 500, a queue of 10,000 publishes, 30 s delivery timeout. */
    public static final KafkaSettings DEFAULTS = new KafkaSettings(
            "127.0.0.1:9092", TopicSettings.DEFAULT, "seckill-order-consumers", 500, 10_000, Duration.ofSeconds(30));

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers is required");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        Objects.requireNonNull(topics, "topics is required");
        Objects.requireNonNull(consumerGroup, "consumerGroup is required");
        if (consumerGroup.isBlank()) {
            throw new IllegalArgumentException("consumerGroup must not be blank");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be at least 1, got " + maxPollRecords);
        }
        if (publishQueueCapacity < 1) {
            throw new IllegalArgumentException("publishQueueCapacity must be at least 1, got " + publishQueueCapacity);
        }
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout is required");
        // the producer refuses a delivery timeout below its request timeout plus its linger
        if (deliveryTimeout.compareTo(ClientConfigs.REQUEST_TIMEOUT.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout must be at least "
                    + ClientConfigs.REQUEST_TIMEOUT.plusSeconds(1).toSeconds() + " s, got " + deliveryTimeout);
        }
    }

    /** The defaults with other brokers. */
    public static KafkaSettings defaults(String bootstrapServers) {
        return new KafkaSettings(
                bootstrapServers,
                DEFAULTS.topics,
                DEFAULTS.consumerGroup,
                DEFAULTS.maxPollRecords,
                DEFAULTS.publishQueueCapacity,
                DEFAULTS.deliveryTimeout);
    }

    public KafkaSettings withTopics(TopicSettings topics) {
        return new KafkaSettings(
                bootstrapServers, topics, consumerGroup, maxPollRecords, publishQueueCapacity, deliveryTimeout);
    }

    public KafkaSettings withConsumerGroup(String consumerGroup) {
        return new KafkaSettings(
                bootstrapServers, topics, consumerGroup, maxPollRecords, publishQueueCapacity, deliveryTimeout);
    }

    public KafkaSettings withMaxPollRecords(int maxPollRecords) {
        return new KafkaSettings(
                bootstrapServers, topics, consumerGroup, maxPollRecords, publishQueueCapacity, deliveryTimeout);
    }

    public KafkaSettings withPublishQueueCapacity(int publishQueueCapacity) {
        return new KafkaSettings(
                bootstrapServers, topics, consumerGroup, maxPollRecords, publishQueueCapacity, deliveryTimeout);
    }

    public KafkaSettings withDeliveryTimeout(Duration deliveryTimeout) {
        return new KafkaSettings(
                bootstrapServers, topics, consumerGroup, maxPollRecords, publishQueueCapacity, deliveryTimeout);
    }
}
