package dev.seckill.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the Kafka adapter needs to know, as plain values. The app's {@code kafka:}
 * configuration section binds straight into it.
 *
 * @param bootstrapServers     the brokers, e.g. {@code 127.0.0.1:9092}, or several comma-separated
 * @param topics               topic names, partitions and replication factor
 * @param consumerGroup        the order consumers' group
 * @param instanceId           this instance's static member name in the group ({@code group.instance.id}):
 *                             a restarted instance takes its partitions back at once instead of waiting for
 *                             its old member's session to end. Stable across restarts of one instance, unique
 *                             per instance. Empty: a dynamic member (the tools and the tests)
 * @param sessionTimeout       how long the group waits for a member that stopped heartbeating before its
 *                             partitions go to the others (an instance that died for good); the classic
 *                             protocol only, the {@code consumer} protocol's is the broker's
 * @param groupProtocol        {@code classic} (the default) or {@code consumer} (KIP-848, assigned by the broker)
 * @param maxPollRecords       the largest batch one poll hands to the ledger (one transaction)
 * @param publishQueueCapacity how many orders may wait for the producer's sender thread before
 *                             {@code publish} fails at once (the order stays pending and is swept)
 * @param deliveryTimeout      how long the producer tries to deliver one record before giving up
 * @param signing              the keys that sign the records the service writes and verify those it reads
 */
public record KafkaSettings(
        String bootstrapServers,
        TopicSettings topics,
        String consumerGroup,
        String instanceId,
        Duration sessionTimeout,
        String groupProtocol,
        int maxPollRecords,
        int publishQueueCapacity,
        Duration deliveryTimeout,
        SigningSettings signing) {

    /** The classic group protocol, with the session timeout in the client's hands. */
    public static final String CLASSIC = "classic";
    /** KIP-848's protocol: the broker assigns, and the session timeout is the broker's. */
    public static final String CONSUMER = "consumer";

    /**
     * The local services' broker, the default topics and group, dynamic membership, a 10 s session, batches of 500, a
     * queue of 10,000 publishes, 30 s delivery timeout.
     */
    public static final KafkaSettings DEFAULTS = new KafkaSettings(
            "127.0.0.1:9092",
            TopicSettings.DEFAULT,
            "seckill-order-consumers",
            "",
            Duration.ofSeconds(10),
            CLASSIC,
            500,
            10_000,
            Duration.ofSeconds(30),
            SigningSettings.DEVELOPMENT);

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
        instanceId = instanceId == null ? "" : instanceId.strip();
        if (instanceId.length() > 249) {
            throw new IllegalArgumentException("instanceId must be at most 249 characters, got " + instanceId.length());
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout is required");
        // the broker's bounds by default (group.min/max.session.timeout.ms)
        if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0
                || sessionTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException(
                    "sessionTimeout must be between 6 s and 30 min (the broker's default bounds), got "
                            + sessionTimeout);
        }
        if (!CLASSIC.equals(groupProtocol) && !CONSUMER.equals(groupProtocol)) {
            throw new IllegalArgumentException(
                    "groupProtocol must be " + CLASSIC + " or " + CONSUMER + " (KIP-848), got '" + groupProtocol + "'");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be at least 1, got " + maxPollRecords);
        }
        if (publishQueueCapacity < 1) {
            throw new IllegalArgumentException("publishQueueCapacity must be at least 1, got " + publishQueueCapacity);
        }
        Objects.requireNonNull(signing, "signing is required");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout is required");
        // the producer refuses a delivery timeout below its request timeout plus its linger
        if (deliveryTimeout.compareTo(ClientConfigs.REQUEST_TIMEOUT.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("deliveryTimeout must be at least "
                    + ClientConfigs.REQUEST_TIMEOUT.plusSeconds(1).toSeconds() + " s, got " + deliveryTimeout);
        }
    }

    /** The defaults with other brokers. */
    public static KafkaSettings defaults(String bootstrapServers) {
        return DEFAULTS.with(b -> b.bootstrapServers = bootstrapServers);
    }

    public KafkaSettings withTopics(TopicSettings topics) {
        return with(b -> b.topics = topics);
    }

    public KafkaSettings withConsumerGroup(String consumerGroup) {
        return with(b -> b.consumerGroup = consumerGroup);
    }

    /** As a static member of the group under this name. */
    public KafkaSettings withInstanceId(String instanceId) {
        return with(b -> b.instanceId = instanceId);
    }

    public KafkaSettings withSessionTimeout(Duration sessionTimeout) {
        return with(b -> b.sessionTimeout = sessionTimeout);
    }

    public KafkaSettings withGroupProtocol(String groupProtocol) {
        return with(b -> b.groupProtocol = groupProtocol);
    }

    public KafkaSettings withMaxPollRecords(int maxPollRecords) {
        return with(b -> b.maxPollRecords = maxPollRecords);
    }

    public KafkaSettings withPublishQueueCapacity(int publishQueueCapacity) {
        return with(b -> b.publishQueueCapacity = publishQueueCapacity);
    }

    public KafkaSettings withDeliveryTimeout(Duration deliveryTimeout) {
        return with(b -> b.deliveryTimeout = deliveryTimeout);
    }

    public KafkaSettings withSigning(SigningSettings signing) {
        return with(b -> b.signing = signing);
    }

    /** Whether the consumer joins its group as a static member. */
    boolean staticMember() {
        return !instanceId.isEmpty();
    }

    private KafkaSettings with(java.util.function.Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** These settings with some values changed (the {@code with…} methods). */
    private static final class Copy {
        String bootstrapServers;
        TopicSettings topics;
        String consumerGroup;
        String instanceId;
        Duration sessionTimeout;
        String groupProtocol;
        int maxPollRecords;
        int publishQueueCapacity;
        Duration deliveryTimeout;
        SigningSettings signing;

        Copy(KafkaSettings s) {
            bootstrapServers = s.bootstrapServers;
            topics = s.topics;
            consumerGroup = s.consumerGroup;
            instanceId = s.instanceId;
            sessionTimeout = s.sessionTimeout;
            groupProtocol = s.groupProtocol;
            maxPollRecords = s.maxPollRecords;
            publishQueueCapacity = s.publishQueueCapacity;
            deliveryTimeout = s.deliveryTimeout;
            signing = s.signing;
        }

        KafkaSettings build() {
            return new KafkaSettings(
                    bootstrapServers,
                    topics,
                    consumerGroup,
                    instanceId,
                    sessionTimeout,
                    groupProtocol,
                    maxPollRecords,
                    publishQueueCapacity,
                    deliveryTimeout,
                    signing);
        }
    }
}
