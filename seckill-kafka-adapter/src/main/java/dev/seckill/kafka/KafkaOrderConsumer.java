package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop that moves orders from the main and retry topics into the ledger, on its own
 * thread. Per poll: unreadable records go to the dead-letter queue at once; records not due yet
 * pause their partition until they are; the due deliveries go to {@link RecordOrders#record} in
 * one call (one database transaction); retries and dead letters are produced and acknowledged; and
 * only then are the batch's offsets committed (asynchronously; synchronously when partitions are
 * revoked and at close). When the database, Redis or the broker cannot be
 * reached, every partition is paused and the batch is tried again after a back-off, without
 * counting a retry (SPEC §6.5).
 */
public final class KafkaOrderConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderConsumer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration FIRST_PROBE = Duration.ofMillis(500);
    private static final Duration LAST_PROBE = Duration.ofSeconds(5);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(2);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNKNOWN = "unknown";

    private final TopicSettings topics;
    private final RecordOrders recordOrders;
    private final Clock clock;
    private final Duration forwardTimeout;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Thread loop;
    private final Map<Disposition.Kind, Counter> consumed = new EnumMap<>(Disposition.Kind.class);
    private final Counter retries;
    private final Counter deadLetters;
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running;
    private boolean clientsClosed;

    // owned by the loop thread
    private final Progress progress = new Progress();
    private final Map<TopicPartition, Instant> delayedUntil = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private Outage outage;
    private Instant nextLagRefresh = Instant.MIN;

    /** Why consumption is paused, and when to try again. */
    private record Outage(String service, Instant since, Duration backoff, Instant nextProbe, boolean probing) {

        Outage probe() {
            return new Outage(service, since, backoff, nextProbe, true);
        }
    }

    /** One polled record: the delivery in it, or why it cannot be one. */
    private record Item(ConsumerRecord<String, byte[]> record, OrderDelivery delivery,
                        OrderMessages.UnreadableMessageException unreadable) {

        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    /** The records of one poll per partition, and the offset to commit once they are all done. */
    private static final class Batch {
        final Map<TopicPartition, List<Item>> items = new LinkedHashMap<>();
        final Map<TopicPartition, Long> firstOffset = new HashMap<>();
        final Map<TopicPartition, Long> endOffset = new HashMap<>();
    }

    /** A retry or dead-letter record on its way to the broker; {@code kind} is null for an unreadable record. */
    private record Forward(Item item, Disposition.Kind kind, OrderDelivery next, Future<RecordMetadata> ack) {
    }

    public KafkaOrderConsumer(KafkaSettings settings, RecordOrders recordOrders, Clock clock, MeterRegistry meters) {
        String clientId = "seckill-order-consumer-" + INSTANCES.incrementAndGet();
        this.topics = settings.topics();
        this.recordOrders = recordOrders;
        this.clock = clock;
        this.forwardTimeout = settings.deliveryTimeout().plusSeconds(5);
        this.consumer = new KafkaConsumer<>(ClientConfigs.consumer(settings, clientId));
        this.producer = new KafkaProducer<>(ClientConfigs.producer(settings, clientId + "-forwarder"));
        for (Disposition.Kind kind : Disposition.Kind.values()) {
            String outcome = kind == Disposition.Kind.DEAD_LETTER ? "dlq" : kind.name().toLowerCase();
            consumed.put(kind, Counter.builder("seckill.orders.consumed").tag("outcome", outcome)
                    .description("orders handled by the consumer, by outcome").register(meters));
        }
        this.retries = Counter.builder("seckill.orders.retries")
                .description("orders published to the retry topic").register(meters);
        this.deadLetters = Counter.builder("seckill.orders.dead.lettered")
                .description("records published to the dead-letter queue, unreadable ones included").register(meters);
        Gauge.builder("seckill.consumer.lag", lag, AtomicLong::get).tag("client", clientId)
                .description("records not yet consumed, summed over the assigned partitions").register(meters);
        this.loop = new Thread(this::run, clientId);
    }

    /** Starts the poll loop on its own thread. */
    public synchronized void start() {
        if (running || loop.isAlive()) {
            throw new IllegalStateException("the order consumer is already started");
        }
        running = true;
        loop.start();
    }

    /** Whether the poll loop is running; false before {@link #start} and after a fatal error or {@link #close}. */
    public boolean running() {
        return running && loop.isAlive();
    }

    /** Stops the loop after the batch in hand, commits what is done and leaves the group. */
    @Override
    public void close() {
        running = false;
        if (loop.isAlive()) {
            try {
                loop.join(CLOSE_TIMEOUT.plusSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeClients();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.orders(), topics.retry()), new Rebalance());
            while (running) {
                pollOnce();
            }
            commitUncommitted(uncommitted.keySet());
            LOG.info("order consumer stopped");
        } catch (RuntimeException e) {
            LOG.error("order consumer stopped by an unexpected error: {}", e.toString(), e);
        } finally {
            running = false;
            closeClients();
        }
    }

    private void pollOnce() {
        resumeDue(clock.instant());
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout(clock.instant()));
        if (!records.isEmpty()) {
            try {
                handle(records);
                if (outage != null) {
                    LOG.info("order consumption resumed: {} answers again after {} s", outage.service(),
                            Duration.between(outage.since(), clock.instant()).toSeconds());
                    outage = null;
                }
            } catch (ServiceUnavailableException e) {
                pauseForOutage(e.service(), e.getMessage());
            } catch (RuntimeException e) {
                // not an answer the ports promise: keep the records, they are tried again after a back-off
                LOG.error("order batch failed unexpectedly, trying again later: {}", e.toString(), e);
                pauseForOutage("order processing", e.toString());
            }
        }
        refreshLag(clock.instant());
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        Instant now = clock.instant();
        Batch batch = new Batch();
        for (TopicPartition partition : records.partitions()) {
            List<Item> items = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            long end = ofPartition.get(ofPartition.size() - 1).offset() + 1;
            for (ConsumerRecord<String, byte[]> record : ofPartition) {
                if (progress.finished(partition, record.offset())) {
                    continue;
                }
                Item item = read(record);
                if (item.delivery() != null && !item.delivery().dueAt(now)) {
                    delay(partition, record.offset(), item.delivery().nextRetryAt());
                    end = record.offset();
                    break;
                }
                items.add(item);
            }
            batch.items.put(partition, items);
            batch.firstOffset.put(partition, ofPartition.get(0).offset());
            batch.endOffset.put(partition, end);
        }
        try {
            process(batch);
        } catch (RuntimeException e) {
            settle(batch);
            throw e;
        }
        settle(batch);
    }

    private Item read(ConsumerRecord<String, byte[]> record) {
        try {
            return new Item(record, OrderMessages.decode(record.value()), null);
        } catch (OrderMessages.UnreadableMessageException e) {
            return new Item(record, null, e);
        }
    }

    private void process(Batch batch) {
        List<Item> unreadable = new ArrayList<>();
        List<Item> toRecord = new ArrayList<>();
        for (List<Item> items : batch.items.values()) {
            for (Item item : items) {
                if (item.unreadable() != null) {
                    unreadable.add(item);
                } else if (progress.storedInDeadLetters(item.partition(), item.record().offset()).isEmpty()) {
                    // one already in the dead-letter queue is not recorded again: it only needs deadLettered, below
                    toRecord.add(item);
                }
            }
        }
        // unreadable records first: they need neither the database nor Redis, so an outage does not hold them
        awaitForwards(unreadable.stream().map(this::deadLetterUnreadable).toList());

        List<Forward> forwards = new ArrayList<>();
        if (!toRecord.isEmpty()) {
            List<Disposition> dispositions = recordOrders.record(toRecord.stream().map(Item::delivery).toList());
            for (int i = 0; i < toRecord.size(); i++) {
                Item item = toRecord.get(i);
                Disposition disposition = dispositions.get(i);
                switch (disposition.kind()) {
                    case CREATED, ALREADY_RECORDED, RELEASED -> {
                        logSuccess(disposition);
                        consumed.get(disposition.kind()).increment();
                        progress.finish(item.partition(), item.record().offset());
                    }
                    case RETRY, DEAD_LETTER -> {
                        logFailure(disposition);
                        forwards.add(forward(item, disposition));
                    }
                }
            }
        }
        awaitForwards(forwards);

        for (List<Item> items : batch.items.values()) {
            for (Item item : items) {
                TopicPartition partition = item.partition();
                long offset = item.record().offset();
                var stored = progress.storedInDeadLetters(partition, offset);
                if (stored.isPresent()) {
                    recordOrders.deadLettered(stored.get());
                    progress.finish(partition, offset);
                }
            }
        }
    }

    private Forward forward(Item item, Disposition disposition) {
        OrderDelivery next = disposition.next();
        String key = next.order().voucherId().toString();
        ProducerRecord<String, byte[]> record;
        if (disposition.kind() == Disposition.Kind.RETRY) {
            record = new ProducerRecord<>(topics.retry(), key, OrderMessages.encode(next));
        } else {
            ConsumerRecord<String, byte[]> original = item.record();
            record = new ProducerRecord<>(topics.deadLetters(), null, key, OrderMessages.encode(next),
                    DeadLetterHeaders.of(original.topic(), original.partition(), original.offset(),
                            DeadLetterHeaders.ORDER_NOT_RECORDED, next.lastError(), next.retryCount() + 1));
        }
        return new Forward(item, disposition.kind(), next, send(record));
    }

    private Forward deadLetterUnreadable(Item item) {
        ConsumerRecord<String, byte[]> original = item.record();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.deadLetters(), null, original.key(),
                original.value(), DeadLetterHeaders.of(original.topic(), original.partition(), original.offset(),
                        item.unreadable().errorClass(), item.unreadable().getMessage(), 1));
        return new Forward(item, null, null, send(record));
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            // failed like an unacknowledged send, so that the sends before it are still awaited and remembered
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the broker's acks; what was acknowledged is remembered even when another send failed. */
    private void awaitForwards(List<Forward> forwards) {
        ServiceUnavailableException failure = null;
        for (Forward forward : forwards) {
            try {
                forward.ack().get(forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                failure = new ServiceUnavailableException("kafka", "a retry or dead-letter record was not acknowledged: "
                        + cause.getMessage(), cause);
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

    private void acknowledged(Forward forward) {
        Item item = forward.item();
        TopicPartition partition = item.partition();
        long offset = item.record().offset();
        OrderDelivery next = forward.next();
        if (forward.kind() == null) {
            LOG.warn("publish to dlq orderId={} voucherId={} retryCount={} topic={} partition={} offset={} error={}",
                    UNKNOWN, item.record().key() == null ? UNKNOWN : item.record().key(), UNKNOWN,
                    item.record().topic(), item.record().partition(), offset, item.unreadable().getMessage());
            deadLetters.increment();
            progress.finish(partition, offset);
        } else if (forward.kind() == Disposition.Kind.RETRY) {
            LOG.warn("publish to retry orderId={} voucherId={} retryCount={} nextRetryAt={}",
                    next.order().orderId(), next.order().voucherId(), next.retryCount(), next.nextRetryAt());
            retries.increment();
            consumed.get(Disposition.Kind.RETRY).increment();
            progress.finish(partition, offset);
        } else {
            LOG.warn("publish to dlq orderId={} voucherId={} retryCount={} error={}",
                    next.order().orderId(), next.order().voucherId(), next.retryCount(), next.lastError());
            deadLetters.increment();
            consumed.get(Disposition.Kind.DEAD_LETTER).increment();
            progress.deadLetterStored(partition, offset, next);
        }
    }

    private static void logSuccess(Disposition disposition) {
        SeckillOrder order = disposition.delivery().order();
        if (disposition.kind() == Disposition.Kind.RELEASED) {
            LOG.info("handleConsume success orderId={} voucherId={} retryCount={} outcome=RELEASED"
                            + " (the database stock is exhausted: the Redis reservation was given back)",
                    order.orderId(), order.voucherId(), disposition.delivery().retryCount());
        } else {
            LOG.info("handleConsume success orderId={} voucherId={} retryCount={} outcome={}",
                    order.orderId(), order.voucherId(), disposition.delivery().retryCount(), disposition.kind());
        }
    }

    private static void logFailure(Disposition disposition) {
        SeckillOrder order = disposition.delivery().order();
        LOG.warn("handleConsume failed orderId={} voucherId={} retryCount={} error={}",
                order.orderId(), order.voucherId(), disposition.delivery().retryCount(), disposition.next().lastError());
    }

    /**
     * Commits each partition up to its first record not done; rewinds the partitions with records
     * not done, so that they are delivered again (a repeated batch skips what {@link Progress} knows).
     */
    private void settle(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (Map.Entry<TopicPartition, List<Item>> entry : batch.items.entrySet()) {
            TopicPartition partition = entry.getKey();
            long commitTo = batch.endOffset.get(partition);
            for (Item item : entry.getValue()) {
                if (!progress.finished(partition, item.record().offset())) {
                    commitTo = item.record().offset();
                    consumer.seek(partition, commitTo);
                    break;
                }
            }
            if (commitTo > batch.firstOffset.get(partition)) {
                done.put(partition, new OffsetAndMetadata(commitTo));
            }
        }
        uncommitted.putAll(done);
        if (done.isEmpty()) {
            return;
        }
        // not waited for: a lost commit only means those records come again, and the ledger is idempotent;
        // the commits on revocation and at close are synchronous
        consumer.commitAsync(done, (offsets, error) -> {
            if (error == null) {
                offsets.forEach(this::committed);
            } else {
                LOG.debug("commit of {} partitions failed, trying again with the next one: {}", offsets.size(), error.toString());
            }
        });
    }

    private void committed(TopicPartition partition, OffsetAndMetadata offset) {
        uncommitted.remove(partition, offset);
        progress.committed(partition, offset.offset());
    }

    private void commitUncommitted(Collection<TopicPartition> partitions) {
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
            LOG.warn("commit of {} partitions failed, trying again with the next one: {}", offsets.size(), e.toString());
        }
    }

    private void delay(TopicPartition partition, long offset, Instant due) {
        consumer.pause(Set.of(partition));
        consumer.seek(partition, offset);
        delayedUntil.put(partition, due);
        LOG.debug("partition {} waits until {} (offset {} not due)", partition, due, offset);
    }

    private void resumeDue(Instant now) {
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

    private void resume(Set<TopicPartition> partitions) {
        partitions.retainAll(consumer.assignment());
        if (!partitions.isEmpty()) {
            consumer.resume(partitions);
        }
    }

    private Duration pollTimeout(Instant now) {
        Duration timeout = POLL_TIMEOUT;
        for (Instant due : delayedUntil.values()) {
            Duration untilDue = Duration.between(now, due);
            if (untilDue.compareTo(timeout) < 0) {
                timeout = untilDue.isNegative() ? Duration.ZERO : untilDue;
            }
        }
        return timeout;
    }

    private void pauseForOutage(String service, String why) {
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

    private void refreshLag(Instant now) {
        if (now.isBefore(nextLagRefresh)) {
            return;
        }
        nextLagRefresh = now.plus(LAG_REFRESH);
        long sum = 0;
        for (TopicPartition partition : consumer.assignment()) {
            sum += consumer.currentLag(partition).orElse(0);
        }
        lag.set(sum);
    }

    private synchronized void closeClients() {
        if (clientsClosed) {
            return;
        }
        clientsClosed = true;
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("order consumer did not close cleanly: {}", e.toString());
        }
        producer.close(CLOSE_TIMEOUT);
    }

    /** Commits what is done before partitions go to another consumer; forgets what was kept about them. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitUncommitted(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (outage != null && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
            LOG.info("order consumer assigned {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            progress.forget(partitions);
            partitions.forEach(partition -> {
                delayedUntil.remove(partition);
                uncommitted.remove(partition);
            });
        }
    }
}
