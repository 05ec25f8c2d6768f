package dev.seckill.kafka;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.port.in.ReplayFailedOrder;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter tools behind {@code ./seckill dlq list} and {@code dlq replay}: reads the
 * dead-letter topic from its beginning (no consumer group, so reading commits nothing), and sends
 * chosen orders through again with the domain's {@link ReplayFailedOrder}, which re-reserves them
 * atomically in Redis or says why not.
 */
public final class DeadLetterQueue {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSettings settings;
    private final ReplayFailedOrder replay;
    private final OrderMessages messages;

    /**
     * One record of the dead-letter topic.
     *
     * @param delivery the order as it was last tried; empty when the record was never a readable order
     * @param value    the record's value as text (what an unreadable record held)
     * @param attempts how often the order was tried before it was given up; -1 when unknown
     */
    public record Entry(
            int partition,
            long offset,
            Instant storedAt,
            Optional<OrderDelivery> delivery,
            String key,
            String value,
            String originalTopic,
            int originalPartition,
            long originalOffset,
            String errorClass,
            String errorMessage,
            int attempts) {

        public Entry {
            Objects.requireNonNull(delivery, "delivery is required (empty when unreadable)");
        }

        public Optional<OrderId> orderId() {
            return delivery.map(d -> d.order().orderId());
        }
    }

    /** What a replay did for one order: RESERVED when it is on its way again, else why it was refused. */
    public record Replayed(OrderId orderId, Reservation outcome) {}

    public DeadLetterQueue(KafkaSettings settings, ReplayFailedOrder replay) {
        this.settings = settings;
        this.replay = replay;
        this.messages = new OrderMessages(settings.signing());
    }

    /** The first {@code limit} records of the dead-letter topic, oldest first. */
    public List<Entry> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        String topic = settings.topics().deadLetters();
        List<Entry> entries = new ArrayList<>();
        try (Consumer<String, byte[]> reader = new KafkaConsumer<>(
                ClientConfigs.reader(settings, "seckill-dlq-reader-" + INSTANCES.incrementAndGet()))) {
            List<PartitionInfo> infos = reader.partitionsFor(topic, READ_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, READ_TIMEOUT);
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (entries.size() < limit && !reachedEnd(reader, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ServiceUnavailableException(
                            "kafka",
                            "the dead-letter topic was not read to its end within " + READ_TIMEOUT.toSeconds() + " s",
                            null);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        entries.add(entry(record));
                    }
                }
            }
        } catch (KafkaException e) {
            throw new ServiceUnavailableException("kafka", "cannot read the dead-letter topic: " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(Entry::storedAt)
                .thenComparing(Entry::partition)
                .thenComparing(Entry::offset));
        return entries.size() <= limit ? entries : List.copyOf(entries.subList(0, limit));
    }

    /**
     * Replays the given order, or every order in the dead-letter topic when none is given; an order
     * dead-lettered more than once is replayed once. Unreadable records are never replayed.
     * Returns one result per order, in the order of the topic; empty when the order is not there.
     */
    public List<Replayed> replay(Optional<OrderId> only) {
        Map<OrderId, OrderDelivery> latest = new LinkedHashMap<>();
        for (Entry entry : list(Integer.MAX_VALUE)) {
            entry.delivery()
                    .filter(delivery ->
                            only.isEmpty() || only.get().equals(delivery.order().orderId()))
                    .ifPresent(delivery -> {
                        latest.remove(delivery.order().orderId());
                        latest.put(delivery.order().orderId(), delivery);
                    });
        }
        List<Replayed> results = new ArrayList<>();
        for (OrderDelivery delivery : latest.values()) {
            results.add(new Replayed(delivery.order().orderId(), replay.replay(delivery.order())));
        }
        return results;
    }

    private static boolean reachedEnd(Consumer<String, byte[]> reader, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (reader.position(partition.getKey(), READ_TIMEOUT) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The record as an entry; its order only when the service signed it, so that a forgery is never replayed. */
    private Entry entry(ConsumerRecord<String, byte[]> record) {
        Optional<OrderDelivery> delivery;
        try {
            delivery = Optional.of(messages.decode(record.value()));
        } catch (OrderMessages.UnreadableMessageException e) {
            delivery = Optional.empty();
        }
        Headers headers = record.headers();
        return new Entry(
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                delivery,
                record.key(),
                record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_TOPIC)
                        .orElse(""),
                (int) DeadLetterHeaders.number(headers, DeadLetterHeaders.ORIGINAL_PARTITION),
                DeadLetterHeaders.number(headers, DeadLetterHeaders.ORIGINAL_OFFSET),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_CLASS)
                        .orElse(""),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_MESSAGE)
                        .orElse(""),
                (int) DeadLetterHeaders.number(headers, DeadLetterHeaders.ATTEMPTS));
    }
}
