package dev.seckill.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's commits: asynchronous between batches (a lost one only means those records come
 * again, and the ledger is idempotent), synchronous when partitions go to another consumer and at
 * the stop. What is committed is forgotten by {@link Progress}.
 */
final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderConsumer.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<String, byte[]> consumer;
    private final Progress progress;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

    OffsetCommits(Consumer<String, byte[]> consumer, Progress progress) {
        this.consumer = consumer;
        this.progress = progress;
    }

    /** Commits these offsets without waiting. */
    void commitAsync(Map<TopicPartition, OffsetAndMetadata> done) {
        uncommitted.putAll(done);
        if (done.isEmpty()) {
            return;
        }
        consumer.commitAsync(done, (offsets, error) -> {
            if (error == null) {
                offsets.forEach(this::committed);
            } else {
                LOG.debug(
                        "commit of {} partitions failed, trying again with the next one: {}",
                        offsets.size(),
                        error.toString());
            }
        });
    }

    /** Commits, and waits for, what is not committed yet of these partitions. */
    void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = uncommitted.get(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
            offsets.forEach(this::committed);
        } catch (KafkaException e) {
            // the records are done; the next commit covers them, or a new owner sees them again (idempotent)
            LOG.warn(
                    "commit of {} partitions failed, trying again with the next one: {}", offsets.size(), e.toString());
        }
    }

    /** Commits, and waits for, everything not committed yet. */
    void commitAll() {
        commitSync(Map.copyOf(uncommitted).keySet());
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(uncommitted::remove);
    }

    private void committed(TopicPartition partition, OffsetAndMetadata offset) {
        uncommitted.remove(partition, offset);
        progress.committed(partition, offset.offset());
    }
}
