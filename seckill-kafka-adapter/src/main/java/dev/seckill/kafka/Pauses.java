package dev.seckill.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions the consumer may read now. A partition whose next record is a retry not due yet
 * is paused (and rewound to it) until it is due. During an outage every partition is paused; when
 * the next probe is due they are resumed for one batch, and the back-off doubles up to 5 s while
 * the outage lasts.
 */
final class Pauses {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration FIRST_PROBE = Duration.ofMillis(500);
    private static final Duration LAST_PROBE = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final Clock clock;
    private final Map<TopicPartition, Instant> delayedUntil = new HashMap<>();
    private Outage outage;

    /** Why consumption is paused, and when to try again. */
    private record Outage(String service, Instant since, Duration backoff, Instant nextProbe, boolean probing) {

        Outage probe() {
            return new Outage(service, since, backoff, nextProbe, true);
        }
    }

    Pauses(Consumer<String, byte[]> consumer, Clock clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    /** The partition waits until {@code due}, re-reading from {@code offset} then. */
    void delay(TopicPartition partition, long offset, Instant due) {
        consumer.pause(Set.of(partition));
        consumer.seek(partition, offset);
        delayedUntil.put(partition, due);
        LOG.debug("partition {} waits until {} (offset {} not due)", partition, due, offset);
    }

    /** Resumes what is due now: delayed partitions, or every partition for a probe during an outage. */
    void resumeDue() {
        Instant now = clock.instant();
        Set<TopicPartition> due = new HashSet<>();
        delayedUntil.entrySet().removeIf(entry -> {
            if (now.isBefore(entry.getValue())) {
                return false;
            }
            due.add(entry.getKey());
            return true;
        });
        if (outage == null) {
            resume(due);
        } else if (!outage.probing() && !now.isBefore(outage.nextProbe())) {
            outage = outage.probe();
            Set<TopicPartition> ready = new HashSet<>(consumer.assignment());
            ready.removeAll(delayedUntil.keySet());
            resume(ready);
        }
    }

    /** How long the next poll may wait: until the next delayed partition is due, 100 ms at most. */
    Duration pollTimeout() {
        Instant now = clock.instant();
        Duration timeout = POLL_TIMEOUT;
        for (Instant due : delayedUntil.values()) {
            Duration untilDue = Duration.between(now, due);
            if (untilDue.compareTo(timeout) < 0) {
                timeout = untilDue.isNegative() ? Duration.ZERO : untilDue;
            }
        }
        return timeout;
    }

    /** A backing service is down: pause everything and probe with back-off. */
    void outage(String service, String why) {
        Instant now = clock.instant();
        if (outage == null) {
            LOG.warn("order consumption paused: {} unavailable ({}); trying again until it answers", service, why);
            outage = new Outage(service, now, FIRST_PROBE, now.plus(FIRST_PROBE), false);
        } else {
            if (!service.equals(outage.service())) {
                LOG.warn("order consumption still paused: now {} unavailable ({})", service, why);
            }
            Duration backoff = outage.backoff().multipliedBy(2);
            backoff = backoff.compareTo(LAST_PROBE) > 0 ? LAST_PROBE : backoff;
            outage = new Outage(service, outage.since(), backoff, now.plus(backoff), false);
            LOG.debug("order consumption still paused: {} unavailable ({})", service, why);
        }
        consumer.pause(consumer.assignment());
    }

    /** A batch went through: the outage, if there was one, is over. */
    void answered() {
        if (outage != null) {
            LOG.info(
                    "order consumption resumed: {} answers again after {} s",
                    outage.service(),
                    Duration.between(outage.since(), clock.instant()).toSeconds());
            outage = null;
        }
    }

    /** Newly assigned partitions stay paused during an outage. */
    void assigned(Collection<TopicPartition> partitions) {
        if (outage != null && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(delayedUntil::remove);
    }

    private void resume(Set<TopicPartition> partitions) {
        partitions.retainAll(consumer.assignment());
        if (!partitions.isEmpty()) {
            consumer.resume(partitions);
        }
    }
}
