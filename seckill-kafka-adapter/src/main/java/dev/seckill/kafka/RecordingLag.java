package dev.seckill.kafka;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the recording of orders is behind, seen from outside the consumer group, so that it is measured while no
 * member holds a partition (after a crash, until the group moves it): per partition of the orders and retry topics,
 * the records past the group's committed offset; and the age of the oldest order not yet recorded, read off the record
 * at the committed offset of each partition that lags. Every instance measures the same group: take the max.
 */
public final class RecordingLag implements AutoCloseable {

    /** The loop's name, in its metrics. */
    public static final String LOOP = "recording-lag";

    private static final Logger LOG = LoggerFactory.getLogger(RecordingLag.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration READ_WAIT = Duration.ofSeconds(2);

    private final TopicSettings topics;
    private final String group;
    private final Clock clock;
    private final Admin admin;
    private final Consumer<String, byte[]> reader;
    private final MultiGauge perPartition;
    private final AtomicLong oldestMillis = new AtomicLong();
    private final SupervisedLoop loop;

    public RecordingLag(KafkaSettings settings, Duration every, Clock clock, MeterRegistry meters) {
        this.topics = settings.topics();
        this.group = settings.consumerGroup();
        this.clock = clock;
        String clientId = "seckill-recording-lag-" + INSTANCES.incrementAndGet();
        this.admin = Admin.create(ClientConfigs.admin(settings, clientId));
        this.reader = new KafkaConsumer<>(ClientConfigs.reader(settings, clientId + "-reader"));
        this.perPartition = MultiGauge.builder("seckill.recording.lag")
                .description("order records past the consumer group's committed offset, per partition")
                .baseUnit("records")
                .register(meters);
        Gauge.builder("seckill.recording.oldest.unrecorded", oldestMillis, millis -> millis.get() / 1000.0)
                .description("age of the oldest accepted order on the topics that is not recorded yet (0: none)")
                .baseUnit("seconds")
                .register(meters);
        this.loop = SupervisedLoop.every(LOOP, every, this::measureUnlessDown, meters);
    }

    /** Measures once now (so that the series exist from the start), then on a thread of its own every {@code every}. */
    public void start() {
        measureUnlessDown();
        loop.start();
    }

    /** How old the oldest order not recorded yet was at the last measurement; zero when none waited. */
    public Duration oldestUnrecorded() {
        return Duration.ofMillis(oldestMillis.get());
    }

    private void measureUnlessDown() {
        try {
            measure();
        } catch (ServiceUnavailableException | KafkaException e) {
            // the broker is down: the last measurement stands until it answers again
            LOG.debug("recording lag not measured: {}", e.toString());
        }
    }

    void measure() {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, OffsetAndMetadata> committed = KafkaTopics.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read the consumers' offsets");
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> waiting = new HashMap<>();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            // a group that never committed starts at the beginning (auto.offset.reset=earliest)
            long from = Math.max(done == null ? 0 : done.offset(), starts.getOrDefault(partition, 0L));
            long lag = Math.max(0, ends.getOrDefault(partition, 0L) - from);
            rows.add(MultiGauge.Row.of(
                    Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition())), lag));
            if (lag > 0) {
                waiting.put(partition, from);
            }
        }
        perPartition.register(rows, true);
        oldestMillis.set(oldestAge(waiting));
    }

    /** The age of the oldest order among the first records waiting in each partition. */
    private long oldestAge(Map<TopicPartition, Long> waiting) {
        if (waiting.isEmpty()) {
            return 0;
        }
        reader.assign(waiting.keySet());
        waiting.forEach(reader::seek);
        Map<TopicPartition, Instant> first = new HashMap<>();
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        while (first.size() < waiting.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                first.computeIfAbsent(partition, p -> acceptedAt(record));
                reader.pause(List.of(partition));
            }
        }
        reader.unsubscribe();
        Instant now = clock.instant();
        return first.values().stream()
                .mapToLong(
                        accepted -> Math.max(0, Duration.between(accepted, now).toMillis()))
                .max()
                .orElse(0);
    }

    /** When the record's order was accepted; for a record that is not an order, when it was written. */
    private static Instant acceptedAt(ConsumerRecord<String, byte[]> record) {
        try {
            return OrderMessages.claimed(record.value()).order().createdAt();
        } catch (OrderMessages.UnreadableMessageException e) {
            return Instant.ofEpochMilli(record.timestamp());
        }
    }

    private List<TopicPartition> partitions() {
        Map<String, TopicDescription> described = KafkaTopics.await(
                admin.describeTopics(List.of(topics.orders(), topics.retry())).allTopicNames(),
                "describe the order topics");
        List<TopicPartition> partitions = new ArrayList<>();
        described
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        partitions.forEach(p -> wanted.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        KafkaTopics.await(admin.listOffsets(wanted).all(), "read the order topics' offsets")
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    @Override
    public void close() {
        loop.close();
        reader.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        admin.close(Duration.ofSeconds(5));
    }
}
