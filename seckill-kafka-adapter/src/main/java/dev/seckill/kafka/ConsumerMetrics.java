package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the order consumer counts; one set per consumer, kept across the restarts of its loop. */
final class ConsumerMetrics {

    private final Map<Disposition.Kind, Counter> consumed = new EnumMap<>(Disposition.Kind.class);
    private final Counter retries;
    private final Counter deadLetters;
    private final Counter unfinished;
    private final AtomicLong lag = new AtomicLong();

    ConsumerMetrics(MeterRegistry meters, String clientId) {
        for (Disposition.Kind kind : Disposition.Kind.values()) {
            String outcome =
                    kind == Disposition.Kind.DEAD_LETTER ? "dlq" : kind.name().toLowerCase(Locale.ROOT);
            consumed.put(
                    kind,
                    Counter.builder("seckill.orders.consumed")
                            .tag("outcome", outcome)
                            .description("orders handled by the consumer, by outcome")
                            .register(meters));
        }
        this.retries = Counter.builder("seckill.orders.retries")
                .description("orders published to the retry topic")
                .register(meters);
        this.deadLetters = Counter.builder("seckill.orders.dead.lettered")
                .description("records published to the dead-letter queue, unreadable ones included")
                .register(meters);
        this.unfinished = Counter.builder("seckill.orders.dead.letter.unfinished")
                .description("dead-lettered orders whose failed mark, release or alert failed (reconcile repairs them)")
                .register(meters);
        Gauge.builder("seckill.consumer.lag", lag, AtomicLong::get)
                .tag("client", clientId)
                .description("records not yet consumed, summed over the assigned partitions")
                .register(meters);
    }

    void consumed(Disposition.Kind kind) {
        consumed.get(kind).increment();
    }

    void retried() {
        retries.increment();
        consumed(Disposition.Kind.RETRY);
    }

    void deadLettered(boolean order) {
        deadLetters.increment();
        if (order) {
            consumed(Disposition.Kind.DEAD_LETTER);
        }
    }

    void deadLetterUnfinished() {
        unfinished.increment();
    }

    void lag(long records) {
        lag.set(records);
    }
}
