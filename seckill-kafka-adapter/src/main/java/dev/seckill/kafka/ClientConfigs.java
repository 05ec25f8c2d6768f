package dev.seckill.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The client configurations of the adapter, in one place. */
final class ClientConfigs {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private ClientConfigs() {}

    /** An idempotent producer: acks from every in-sync replica, no duplicates on the producer's own retries. */
    static Map<String, Object> producer(KafkaSettings settings, String clientId) {
        Map<String, Object> config = common(settings, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                settings.deliveryTimeout().toMillis());
        // send() waits this long for metadata when the broker is down; only the sender thread ever waits
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** The order consumer: a reader in the consumer group, manual commits only. */
    static Map<String, Object> consumer(KafkaSettings settings, String clientId) {
        Map<String, Object> config = reader(settings, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, settings.groupProtocol());
        if (settings.staticMember()) {
            // a restarted instance takes its old member's place and partitions, without waiting for its session to end
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        if (KafkaSettings.CLASSIC.equals(settings.groupProtocol())) {
            // the consumer protocol refuses both: its session and heartbeats are the broker's settings
            long session = settings.sessionTimeout().toMillis();
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3_000, session / 3));
        }
        return config;
    }

    /**
     * A group-less reader (manual assignment) for the dead-letter tools; values stay bytes so that a
     * bad message never breaks poll().
     */
    static Map<String, Object> reader(KafkaSettings settings, String clientId) {
        Map<String, Object> config = common(settings, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    static Map<String, Object> admin(KafkaSettings settings, String clientId) {
        Map<String, Object> config = common(settings, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        return config;
    }

    private static Map<String, Object> common(KafkaSettings settings, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        // a broker that is down must not be hammered: back off up to 5 s between reconnects
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        return config;
    }
}
