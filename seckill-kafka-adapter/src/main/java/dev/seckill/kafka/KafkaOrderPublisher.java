package dev.seckill.kafka;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes accepted orders to the main topic, keyed by voucherId, with an idempotent producer.
 * {@link #publish} never blocks: the order is handed to a sender thread through a bounded queue,
 * because {@code KafkaProducer.send} itself may block for metadata while the broker is down. The
 * sender is a supervised loop ({@value #LOOP}): whatever ends it fails the order in hand (it stays
 * pending and is swept) and starts it again after a back-off.
 */
public final class KafkaOrderPublisher implements OrderPublisher, AutoCloseable {

    /** The sender loop's name, in its metrics and in readiness. */
    public static final String LOOP = "relay-publisher";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderPublisher.class);
    private static final Duration FIRST_RESTART = Duration.ofMillis(200);
    private static final Duration LAST_RESTART = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final BlockingQueue<Outgoing> queue;
    private final Producer<String, byte[]> producer;
    private final Function<OrderDelivery, byte[]> encoder;
    private final SupervisedLoop sender;
    private final PublishSpans spans;
    private final Counter published;
    private final Counter failed;
    private volatile boolean open = true;

    /** @param accepted the trace context the order was accepted in, for the sender thread's span */
    private record Outgoing(SeckillOrder order, CompletableFuture<Void> acknowledged, Context accepted) {}

    public KafkaOrderPublisher(KafkaSettings settings, MeterRegistry meters) {
        this(settings, meters, OpenTelemetry.noop());
    }

    /** With a producer span of each order, its context in the record's headers, from {@code openTelemetry}. */
    public KafkaOrderPublisher(KafkaSettings settings, MeterRegistry meters, OpenTelemetry openTelemetry) {
        this(settings, meters, new OrderMessages(settings.signing())::encode, openTelemetry);
    }

    /** With another encoder: the tests' way to make the sender fail. */
    KafkaOrderPublisher(KafkaSettings settings, MeterRegistry meters, Function<OrderDelivery, byte[]> encoder) {
        this(settings, meters, encoder, OpenTelemetry.noop());
    }

    private KafkaOrderPublisher(
            KafkaSettings settings,
            MeterRegistry meters,
            Function<OrderDelivery, byte[]> encoder,
            OpenTelemetry openTelemetry) {
        if (settings.signing().development()) {
            LOG.warn("order records are signed with the built-in development key: anyone who reads this code can"
                    + " forge them; set SECKILL_KAFKA_SIGNING_KEY (and _KEY_ID) on every instance");
        }
        this.encoder = encoder;
        this.spans = new PublishSpans(openTelemetry);
        String clientId = "seckill-order-publisher-" + INSTANCES.incrementAndGet();
        this.topic = settings.topics().orders();
        this.queue = new ArrayBlockingQueue<>(settings.publishQueueCapacity());
        this.producer = new KafkaProducer<>(ClientConfigs.producer(settings, clientId));
        this.published = Counter.builder("seckill.orders.published")
                .description("orders acknowledged by the broker")
                .register(meters);
        this.failed = Counter.builder("seckill.orders.publish.failed")
                .description("publishes that failed (the order stays pending and is swept)")
                .register(meters);
        Gauge.builder("seckill.orders.publish.queued", queue, BlockingQueue::size)
                .tag("client", clientId)
                .description("orders waiting for the producer's sender thread")
                .register(meters);
        this.sender = new SupervisedLoop(LOOP, this::sendQueued, FIRST_RESTART, LAST_RESTART, meters);
        sender.start();
    }

    @Override
    public CompletionStage<Void> publish(SeckillOrder order) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        if (!open) {
            fail(acknowledged, "the publisher is closed");
            return acknowledged;
        }
        // the sender thread publishes: the caller's context (the request's) must travel with the order
        if (!queue.offer(new Outgoing(order, acknowledged, Context.current()))) {
            fail(acknowledged, "the publish queue is full");
            return acknowledged;
        }
        return acknowledged;
    }

    /** Sends what is queued, flushes the producer and closes it: nothing accepted is lost by a clean stop. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        sender.close();
        producer.close(CLOSE_TIMEOUT);
        List<Outgoing> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(outgoing -> fail(outgoing.acknowledged(), "the publisher closed before sending"));
    }

    /** Whether the sender loop runs now (false while it waits to restart after a failure). */
    public boolean sending() {
        return sender.up();
    }

    private void sendQueued(SupervisedLoop.Stop stop) throws InterruptedException {
        while (!stop.requested() || !queue.isEmpty()) {
            Outgoing outgoing = queue.poll(100, TimeUnit.MILLISECONDS);
            if (outgoing != null) {
                try {
                    send(outgoing);
                } catch (Throwable e) {
                    fail(outgoing.acknowledged(), "the relay's sender failed: " + e);
                    throw e;
                }
            }
        }
    }

    private void send(Outgoing outgoing) {
        SeckillOrder order = outgoing.order();
        byte[] message;
        try {
            message = encoder.apply(OrderDelivery.first(order));
        } catch (RuntimeException e) {
            // this order's fault alone: it stays pending, and the orders behind it go on
            LOG.error("order {} cannot be encoded", order.orderId(), e);
            fail(outgoing.acknowledged(), "cannot encode the order: " + e);
            return;
        }
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, order.voucherId().toString(), message);
        Span span = spans.sending(outgoing.accepted(), record, order);
        try {
            // the callback completes the order's acknowledgement: the returned future adds nothing
            var unused = producer.send(record, (metadata, error) -> {
                PublishSpans.sent(span, error);
                if (error == null) {
                    published.increment();
                    outgoing.acknowledged().complete(null);
                } else {
                    LOG.debug("order {} not acknowledged: {}", order.orderId(), error.toString());
                    fail(outgoing.acknowledged(), error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            PublishSpans.sent(span, e);
            // metadata not available within max.block.ms: the broker is down, so what waits behind
            // would wait as long each; fail it now, it stays pending and the sweeper sends it later
            LOG.debug("order {} not sent: {}", order.orderId(), e.toString());
            fail(outgoing.acknowledged(), e.getMessage());
            List<Outgoing> waiting = new ArrayList<>();
            queue.drainTo(waiting);
            waiting.forEach(next -> fail(next.acknowledged(), e.getMessage()));
        }
    }

    private void fail(CompletableFuture<Void> acknowledged, String why) {
        failed.increment();
        acknowledged.completeExceptionally(new ServiceUnavailableException("kafka", why, null));
    }
}
