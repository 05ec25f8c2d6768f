package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records on to the retry topic or the dead-letter queue and waits for the broker's acks;
 * what was acknowledged is written down in {@link Progress}, so that a batch repeated after an
 * outage forwards nothing twice.
 */
final class Forwarding {

    // the contract's log lines (docs/guarantees.md) are the consumer's: rg "publish to retry|publish to dlq" finds them
    // under its name
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderConsumer.class);
    private static final String UNKNOWN = "unknown";

    private final TopicSettings topics;
    private final Producer<String, byte[]> producer;
    private final Duration timeout;
    private final Progress progress;
    private final ConsumerMetrics metrics;
    private final OrderMessages messages;

    /** A retry or dead-letter record on its way; {@code kind} is null for an unreadable record. */
    record Forward(PolledItem item, Disposition.Kind kind, OrderDelivery next, Future<RecordMetadata> ack) {}

    Forwarding(
            TopicSettings topics,
            Producer<String, byte[]> producer,
            Duration timeout,
            Progress progress,
            ConsumerMetrics metrics,
            OrderMessages messages) {
        this.topics = topics;
        this.messages = messages;
        this.producer = producer;
        this.timeout = timeout;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** The order's next delivery to the retry topic, or the order to the dead-letter queue. */
    Forward forward(PolledItem item, Disposition disposition) {
        OrderDelivery next = disposition.next();
        String key = next.order().voucherId().toString();
        ProducerRecord<String, byte[]> record;
        if (disposition.kind() == Disposition.Kind.RETRY) {
            // its headers are its trace context (TraceHeaders): the retry is recorded in the trace of the request
            record = new ProducerRecord<>(
                    topics.retry(),
                    null,
                    key,
                    messages.encode(next),
                    item.record().headers());
        } else {
            ConsumerRecord<String, byte[]> original = item.record();
            record = new ProducerRecord<>(
                    topics.deadLetters(),
                    null,
                    key,
                    messages.encode(next),
                    DeadLetterHeaders.of(
                            original.topic(),
                            original.partition(),
                            original.offset(),
                            DeadLetterHeaders.ORDER_NOT_RECORDED,
                            next.lastError(),
                            next.retryCount() + 1));
        }
        return new Forward(item, disposition.kind(), next, send(record));
    }

    /** A record that is not an order message, to the dead-letter queue as it came. */
    Forward deadLetterUnreadable(PolledItem item) {
        ConsumerRecord<String, byte[]> original = item.record();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topics.deadLetters(),
                null,
                original.key(),
                original.value(),
                DeadLetterHeaders.of(
                        original.topic(),
                        original.partition(),
                        original.offset(),
                        item.unreadable().errorClass(),
                        item.unreadable().getMessage(),
                        1));
        return new Forward(item, null, null, send(record));
    }

    /** Waits for the broker's acks; throws {@link ServiceUnavailableException} when one did not come. */
    void await(List<Forward> forwards) {
        ServiceUnavailableException failure = null;
        for (Forward forward : forwards) {
            try {
                forward.ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                failure = new ServiceUnavailableException(
                        "kafka", "a retry or dead-letter record was not acknowledged: " + cause.getMessage(), cause);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailableException("kafka", "interrupted while waiting for the broker", e);
            }
            acknowledged(forward);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            // failed like an unacknowledged send, so that the sends before it are still awaited and remembered
            return CompletableFuture.failedFuture(e);
        }
    }

    private void acknowledged(Forward forward) {
        PolledItem item = forward.item();
        TopicPartition partition = item.partition();
        long offset = item.record().offset();
        OrderDelivery next = forward.next();
        if (forward.kind() == null) {
            LOG.warn(
                    "publish to dlq orderId={} voucherId={} retryCount={} topic={} partition={} offset={} error={}",
                    UNKNOWN,
                    item.record().key() == null ? UNKNOWN : item.record().key(),
                    UNKNOWN,
                    item.record().topic(),
                    item.record().partition(),
                    offset,
                    item.unreadable().getMessage());
            metrics.deadLettered(false);
            progress.finish(partition, offset);
        } else if (forward.kind() == Disposition.Kind.RETRY) {
            LOG.warn(
                    "publish to retry orderId={} voucherId={} retryCount={} nextRetryAt={}",
                    next.order().orderId(),
                    next.order().voucherId(),
                    next.retryCount(),
                    next.nextRetryAt());
            metrics.retried();
            progress.finish(partition, offset);
        } else {
            LOG.warn(
                    "publish to dlq orderId={} voucherId={} retryCount={} error={}",
                    next.order().orderId(),
                    next.order().voucherId(),
                    next.retryCount(),
                    next.lastError());
            metrics.deadLettered(true);
            progress.deadLetterStored(partition, offset, next);
        }
    }
}
