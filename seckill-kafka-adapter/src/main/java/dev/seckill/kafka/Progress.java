package dev.seckill.kafka;

import dev.seckill.domain.model.OrderDelivery;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What the consumer has already done with records it has not committed yet, so that a batch
 * repeated after an outage neither forwards a record twice nor records a dead-lettered order again.
 */
final class Progress {

    private final Map<TopicPartition, TreeMap<Long, Step>> steps = new HashMap<>();

    private sealed interface Step {}

    /** Nothing left to do but commit. */
    private record Finished() implements Step {}

    /** In the dead-letter queue; the domain still has to release and mark it. */
    private record DeadLetterStored(OrderDelivery next) implements Step {}

    boolean finished(TopicPartition partition, long offset) {
        return step(partition, offset) instanceof Finished;
    }

    Optional<OrderDelivery> storedInDeadLetters(TopicPartition partition, long offset) {
        return step(partition, offset) instanceof DeadLetterStored stored
                ? Optional.of(stored.next())
                : Optional.empty();
    }

    void finish(TopicPartition partition, long offset) {
        steps.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new Finished());
    }

    void deadLetterStored(TopicPartition partition, long offset, OrderDelivery next) {
        steps.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new DeadLetterStored(next));
    }

    /** Forgets the records below the committed offset: they will not be delivered again. */
    void committed(TopicPartition partition, long nextOffset) {
        TreeMap<Long, Step> ofPartition = steps.get(partition);
        if (ofPartition != null) {
            ofPartition.headMap(nextOffset).clear();
            if (ofPartition.isEmpty()) {
                steps.remove(partition);
            }
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(steps::remove);
    }

    private Step step(TopicPartition partition, long offset) {
        TreeMap<Long, Step> ofPartition = steps.get(partition);
        return ofPartition == null ? null : ofPartition.get(offset);
    }
}
