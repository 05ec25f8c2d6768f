package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.testsupport.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaOrderPublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesTheOrderKeyedByVoucherAsTheSeedsJsonAndCompletesOnTheAck() throws Exception {
        KafkaSettings settings = freshTopics();
        SeckillOrder order = new SeckillOrder(
                new OrderId(9_007_199_254_740_993L),
                new UserId(7),
                new VoucherId(12),
                Instant.parse("2026-11-26T12:00:00Z"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaOrderPublisher publisher = new KafkaOrderPublisher(settings, meters)) {
            publisher.publish(order).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, byte[]>> records = readAll(settings, 1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("12");
        JsonNode json = JSON.readTree(records.get(0).value());
        assertThat(json.get("orderId").isTextual()).isTrue();
        assertThat(json.get("orderId").asText()).isEqualTo("9007199254740993");
        assertThat(json.get("userId").asText()).isEqualTo("7");
        assertThat(json.get("voucherId").asText()).isEqualTo("12");
        assertThat(json.get("createdAt").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(json.get("retryCount").asInt()).isZero();
        assertThat(json.has("nextRetryAt")).isTrue();
        assertThat(json.has("lastError")).isTrue();
        assertThat(meters.get("seckill.orders.published").counter().count()).isEqualTo(1);
        deleteTopics(settings);
    }

    @Test
    void aCleanCloseSendsEverythingAcceptedAndOneVoucherKeepsOnePartition() throws Exception {
        KafkaSettings settings = freshTopics();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (KafkaOrderPublisher publisher = new KafkaOrderPublisher(settings, new SimpleMeterRegistry())) {
            for (long id = 1; id <= 1_000; id++) {
                acks.add(publisher
                        .publish(new SeckillOrder(
                                new OrderId(id), new UserId(id), new VoucherId(1 + id % 2), Instant.now()))
                        .toCompletableFuture());
            }
        }

        assertThat(acks).allMatch(ack -> ack.isDone() && !ack.isCompletedExceptionally());
        List<ConsumerRecord<String, byte[]>> records = readAll(settings, 1_000);
        assertThat(records).hasSize(1_000);
        Set<String> voucherPartitions = new HashSet<>();
        records.forEach(record -> voucherPartitions.add(record.key() + "@" + record.partition()));
        assertThat(voucherPartitions).hasSize(2);
        deleteTopics(settings);
    }

    @Test
    void neverBlocksTheCallerWhenTheBrokerIsDown() throws Exception {
        KafkaSettings settings =
                KafkaSettings.defaults("127.0.0.1:" + closedPort()).withPublishQueueCapacity(2);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (KafkaOrderPublisher publisher = new KafkaOrderPublisher(settings, new SimpleMeterRegistry())) {
            long started = System.nanoTime();
            for (long id = 1; id <= 20; id++) {
                acks.add(publisher
                        .publish(new SeckillOrder(new OrderId(id), new UserId(id), new VoucherId(1), Instant.now()))
                        .toCompletableFuture());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            // the queue holds two (and the sender one more): the rest failed at once, leaving their orders pending
            assertThat(acks.stream()
                            .filter(CompletableFuture::isCompletedExceptionally)
                            .count())
                    .isGreaterThanOrEqualTo(17);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.stream().allMatch(CompletableFuture::isDone));
        }
        assertThat(acks).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(acks.get(0))
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(ServiceUnavailableException.class);
    }

    private static KafkaSettings freshTopics() {
        String name = TestServices.uniqueName("publisher");
        KafkaSettings settings = KafkaSettings.defaults(TestServices.kafkaBootstrapServers())
                .withTopics(TopicSettings.named(name + "-orders", name + "-retry", name + "-dlq"));
        try (KafkaTopics topics = new KafkaTopics(settings)) {
            topics.createIfAbsent();
        }
        return settings;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaSettings settings, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader =
                new KafkaConsumer<>(ClientConfigs.reader(settings, "publisher-it-reader"))) {
            List<TopicPartition> partitions = reader
                    .partitionsFor(settings.topics().orders())
                    .stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static void deleteTopics(KafkaSettings settings) throws Exception {
        try (Admin admin = Admin.create(ClientConfigs.admin(settings, "publisher-it-cleanup"))) {
            TopicSettings topics = settings.topics();
            admin.deleteTopics(List.of(topics.orders(), topics.retry(), topics.deadLetters()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
