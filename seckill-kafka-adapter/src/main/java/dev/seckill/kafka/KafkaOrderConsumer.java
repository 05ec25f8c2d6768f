package dev.seckill.kafka;

import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer that moves orders from the main and retry topics into the ledger, on its own thread
 * ({@link OrderPoller} is one life of its loop). Per poll: unreadable records go to the dead-letter
 * queue at once; records not due yet pause their partition until they are; the due deliveries go
 * to {@link RecordOrders#record} in one call (one database transaction); retries and dead letters
 * are produced and acknowledged; and only then are the batch's offsets committed. When the
 * database, Redis or the broker cannot be reached, every partition is paused and the batch is tried
 * again after a back-off, without counting a retry. Anything else that ends the loop (a bug, an
 * {@link Error}) is logged and counted, readiness shows the loop down, and a new loop with new
 * clients starts after a back-off on the records not committed.
 */
public final class KafkaOrderConsumer implements AutoCloseable {

    /** The loop's name, in its metrics and in readiness. */
    public static final String LOOP = "order-consumer";

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration FIRST_RESTART = Duration.ofSeconds(1);
    private static final Duration LAST_RESTART = Duration.ofSeconds(30);

    private final SupervisedLoop loop;

    public KafkaOrderConsumer(KafkaSettings settings, RecordOrders recordOrders, Clock clock, MeterRegistry meters) {
        this(settings, recordOrders, clock, meters, OpenTelemetry.noop());
    }

    /**
     * With a consumer span of each order recorded, a child of the trace in its record's headers, and
     * each order's trace handed to the ledger ({@code OrderTraces}), from {@code openTelemetry}.
     */
    public KafkaOrderConsumer(
            KafkaSettings settings,
            RecordOrders recordOrders,
            Clock clock,
            MeterRegistry meters,
            OpenTelemetry openTelemetry) {
        ConsumeSpans spans = new ConsumeSpans(openTelemetry);
        String clientId = "seckill-order-consumer-" + INSTANCES.incrementAndGet();
        ConsumerMetrics metrics = new ConsumerMetrics(meters, clientId);
        this.loop = new SupervisedLoop(
                LOOP,
                stop -> {
                    try (OrderPoller poller =
                            new OrderPoller(settings, clientId, recordOrders, clock, metrics, spans)) {
                        poller.run(stop);
                    }
                },
                FIRST_RESTART,
                LAST_RESTART,
                meters);
    }

    /** Starts the poll loop on its own thread. */
    public void start() {
        loop.start();
    }

    /** Whether the poll loop runs now: false before {@link #start}, while it waits to restart after a failure, and after {@link #close}. */
    public boolean running() {
        return loop.up();
    }

    /** How often the loop failed and was started again. */
    public long restarts() {
        return loop.restarts();
    }

    /** Stops the loop after the batch in hand, commits what is done and leaves the group. */
    @Override
    public void close() {
        loop.close();
    }
}
