package dev.seckill.example;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.OrderQueue;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's own queue between placing an order and recording it: an in-process queue instead of Kafka, and a thread
 * of its own that records what is due in batches, through the domain's {@link RecordOrders}.
 *
 * <p>Nothing in memory is durable, so a publish is acknowledged only once its order is recorded (or dead-lettered):
 * until then the order stays in Redis's pending record, and the sweeper publishes it again after a crash. A failed
 * write comes back after the retry policy's back-off; an outage of the database or Redis is waited out without
 * counting a retry.
 */
final class InProcessOrders implements OrderPublisher, OrderQueue, AutoCloseable {

    private static final String POSITION = "in-process";
    private static final int BATCH = 500;
    private static final Duration OUTAGE_PAUSE = Duration.ofMillis(500);

    private final Clock clock;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final AtomicLong published = new AtomicLong();
    // the orders published and not yet recorded or dead-lettered, by sequence number
    private final NavigableSet<Long> unfinished = new ConcurrentSkipListSet<>();
    private final Thread recorder;
    private volatile RecordOrders recordOrders;
    private volatile boolean open = true;

    InProcessOrders(Clock clock) {
        this.clock = clock;
        this.recorder = new Thread(this::recordWhatIsDue, "order-recorder");
        recorder.setDaemon(true);
    }

    /** Starts recording through {@code recordOrders} (the use cases are made with this queue, so it comes second). */
    void start(RecordOrders recordOrders) {
        this.recordOrders = recordOrders;
        recorder.start();
    }

    @Override
    public CompletionStage<Void> publish(SeckillOrder order) {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        if (!open) {
            return CompletableFuture.failedFuture(new ServiceUnavailableException("queue", "closed", null));
        }
        long sequence = published.incrementAndGet();
        unfinished.add(sequence);
        due.add(new Due(OrderDelivery.first(order), sequence, recorded));
        return recorded;
    }

    @Override
    public QueueMark mark(VoucherId voucherId) {
        return new QueueMark(Map.of(POSITION, published.get()));
    }

    @Override
    public boolean finishedUpTo(QueueMark mark) {
        long upTo = mark.positions().getOrDefault(POSITION, 0L);
        return unfinished.isEmpty() || unfinished.first() > upTo;
    }

    private void recordWhatIsDue() {
        while (open) {
            List<Due> batch = new ArrayList<>();
            try {
                Due first = due.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                for (Due next = due.poll(); next != null && batch.size() < BATCH; next = due.poll()) {
                    batch.add(next);
                }
                record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ServiceUnavailableException e) {
                // the ledger or Redis is down: the same batch again after a pause, no retry counted
                due.addAll(batch);
                sleep(OUTAGE_PAUSE);
            }
        }
    }

    private void record(List<Due> batch) {
        List<Disposition> dispositions =
                recordOrders.record(batch.stream().map(Due::delivery).toList());
        for (int i = 0; i < batch.size(); i++) {
            Due item = batch.get(i);
            Disposition disposition = dispositions.get(i);
            switch (disposition.kind()) {
                case RETRY -> due.add(new Due(disposition.next(), item.sequence(), item.recorded()));
                case DEAD_LETTER -> {
                    recordOrders.deadLettered(disposition.next());
                    finish(item);
                }
                case CREATED, ALREADY_RECORDED, RELEASED -> finish(item);
            }
        }
    }

    private void finish(Due item) {
        item.recorded().complete(null);
        unfinished.remove(item.sequence());
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        recorder.interrupt();
        recorder.join(5_000);
    }

    /** A delivery waiting for its due time, with the publish it acknowledges. */
    private final class Due implements Delayed {
        private final OrderDelivery delivery;
        private final long sequence;
        private final CompletableFuture<Void> recorded;

        Due(OrderDelivery delivery, long sequence, CompletableFuture<Void> recorded) {
            this.delivery = delivery;
            this.sequence = sequence;
            this.recorded = recorded;
        }

        OrderDelivery delivery() {
            return delivery;
        }

        long sequence() {
            return sequence;
        }

        CompletableFuture<Void> recorded() {
            return recorded;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            long millis = delivery.nextRetryAt() == null
                    ? 0
                    : Duration.between(clock.instant(), delivery.nextRetryAt()).toMillis();
            return unit.convert(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            int byDelay = Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
            return byDelay != 0 ? byDelay : Long.compare(sequence, ((Due) other).sequence);
        }
    }
}
