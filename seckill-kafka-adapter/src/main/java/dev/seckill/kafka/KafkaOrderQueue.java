package dev.seckill.kafka;

import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.OrderQueue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * How far the order consumers have come, from the broker's offsets. A voucher's orders all travel
 * in one partition of the main topic and one of the retry topic (both keyed by voucherId, placed
 * by the default partitioner's hash), so a mark is their two end offsets. The consumer group
 * commits a record's offset only once it is recorded, forwarded to the retry topic or
 * dead-lettered, and keeps a retry that is not due yet uncommitted.
 */
public final class KafkaOrderQueue implements OrderQueue, AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TopicSettings topics;
    private final String group;
    private final Admin admin;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    public KafkaOrderQueue(KafkaSettings settings) {
        this.topics = settings.topics();
        this.group = settings.consumerGroup();
        this.admin = Admin.create(ClientConfigs.admin(settings, "seckill-order-queue-" + INSTANCES.incrementAndGet()));
    }

    @Override
    public QueueMark mark(VoucherId voucherId) {
        Map<TopicPartition, Long> ends =
                endOffsets(List.of(partitionOf(topics.orders(), voucherId), partitionOf(topics.retry(), voucherId)));
        Map<String, Long> positions = new HashMap<>();
        ends.forEach((partition, end) -> positions.put(partition.toString(), end));
        return new QueueMark(positions);
    }

    @Override
    public boolean finishedUpTo(QueueMark mark) {
        // the offsets first: an order committed by then had its retry acknowledged before, so the end read next holds
        // it
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaTopics.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read the consumers' offsets");
        Map<TopicPartition, Long> wanted = new HashMap<>();
        mark.positions().forEach((name, end) -> wanted.put(partitionNamed(name), end));
        // a retry forwarded from an order before the mark lies after the mark: the retry partition must be empty of
        // work
        List<TopicPartition> retries = wanted.keySet().stream()
                .filter(p -> p.topic().equals(topics.retry()))
                .toList();
        endOffsets(retries).forEach((partition, end) -> wanted.merge(partition, end, Math::max));
        for (Map.Entry<TopicPartition, Long> end : wanted.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            if (end.getValue() > 0 && (done == null || done.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close();
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> found =
                KafkaTopics.await(admin.listOffsets(latest).all(), "read the end offsets of " + partitions);
        Map<TopicPartition, Long> ends = new HashMap<>();
        found.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** The partition the default partitioner gives a record keyed by the voucher id. */
    private TopicPartition partitionOf(String topic, VoucherId voucherId) {
        int count = partitionCounts.computeIfAbsent(topic, this::partitionCount);
        byte[] key = voucherId.toString().getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % count);
    }

    private int partitionCount(String topic) {
        Map<String, TopicDescription> described =
                KafkaTopics.await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic);
        return described.get(topic).partitions().size();
    }

    private static TopicPartition partitionNamed(String name) {
        int dash = name.lastIndexOf('-');
        return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
    }
}
