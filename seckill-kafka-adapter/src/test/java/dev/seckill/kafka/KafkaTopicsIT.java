package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.testsupport.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class KafkaTopicsIT {

    @Test
    void createsTheThreeTopicsOnceWithTheirPartitions() throws Exception {
        String name = TestServices.uniqueName("topics");
        TopicSettings names = new TopicSettings(name + "-orders", 4, name + "-retry", 2, name + "-dlq", 1, (short) 1);
        KafkaSettings settings =
                KafkaSettings.defaults(TestServices.kafkaBootstrapServers()).withTopics(names);
        try (KafkaTopics topics = new KafkaTopics(settings);
                Admin admin = Admin.create(ClientConfigs.admin(settings, name + "-admin"))) {
            assertThat(topics.ping()).isTrue();

            assertThat(topics.createIfAbsent())
                    .containsExactlyInAnyOrder(name + "-orders", name + "-retry", name + "-dlq");
            assertThat(topics.createIfAbsent()).isEmpty();

            Map<String, TopicDescription> described = admin.describeTopics(
                            List.of(name + "-orders", name + "-retry", name + "-dlq"))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(described.get(name + "-orders").partitions()).hasSize(4);
            assertThat(described.get(name + "-retry").partitions()).hasSize(2);
            assertThat(described.get(name + "-dlq").partitions()).hasSize(1);
            admin.deleteTopics(described.keySet()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTopicsKeepTheirRecordsAsConfiguredAndOldTopicsAreRaisedToIt() throws Exception {
        String name = TestServices.uniqueName("topics");
        TopicSettings configured =
                new TopicSettings(name + "-orders", 2, name + "-retry", 1, name + "-dlq", 1, (short) 1);
        KafkaSettings settings =
                KafkaSettings.defaults(TestServices.kafkaBootstrapServers()).withTopics(configured);
        try (Admin admin = Admin.create(ClientConfigs.admin(settings, name + "-admin"))) {
            // the orders topic exists already, made by hand with the broker's one-day retention
            admin.createTopics(List.of(new NewTopic(name + "-orders", 2, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG,
                                    Long.toString(Duration.ofDays(1).toMillis())))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            try (KafkaTopics topics = new KafkaTopics(settings)) {
                topics.createIfAbsent();
            }

            Map<String, Long> retention = new HashMap<>();
            Map<String, String> minInsync = new HashMap<>();
            for (String topic : List.of(name + "-orders", name + "-retry", name + "-dlq")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(resource);
                retention.put(
                        topic,
                        Long.parseLong(
                                config.get(TopicConfig.RETENTION_MS_CONFIG).value()));
                minInsync.put(
                        topic,
                        config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
            }
            assertThat(retention)
                    .containsEntry(name + "-orders", Duration.ofDays(7).toMillis())
                    .containsEntry(name + "-retry", Duration.ofDays(7).toMillis())
                    .containsEntry(name + "-dlq", Duration.ofDays(30).toMillis());
            assertThat(minInsync).containsValues("1");
            admin.deleteTopics(retention.keySet()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerFailsThePingWithinSeconds() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (KafkaTopics topics = new KafkaTopics(KafkaSettings.defaults("127.0.0.1:" + closedPort))) {
            long started = System.nanoTime();
            assertThat(topics.ping()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
