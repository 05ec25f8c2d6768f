package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.supervision.SupervisedLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One life of the order consumer's loop, with clients of its own: poll, hand the due deliveries
 * to {@link RecordOrders} in one call, forward retries and dead letters, then commit. Errors fall
 * in three buckets: an outage (the batch is kept and tried again after a back-off, see
 * {@link Pauses}); a poison order (the domain sends it down the retry road alone); anything else is
 * a bug that ends this life, and the supervisor starts a new one on the uncommitted records.
 */
final class OrderPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOrderConsumer.class);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicSettings topics;
    private final RecordOrders recordOrders;
    private final Clock clock;
    private final ConsumerMetrics metrics;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Progress progress = new Progress();
    private final Pauses pauses;
    private final Forwarding forwarding;
    private final OffsetCommits commits;
    private final ConsumeSpans spans;
    private final OrderMessages messages;
    private Instant nextLagRefresh = Instant.MIN;
    // asked to stop (a graceful stop): the partitions go to the other members at once, even a static member's
    private boolean stopped;

    /** The records of one poll per partition, and the offset to commit once they are all done. */
    private static final class Batch {
        final Map<TopicPartition, List<PolledItem>> items = new LinkedHashMap<>();
        final Map<TopicPartition, Long> firstOffset = new HashMap<>();
        final Map<TopicPartition, Long> endOffset = new HashMap<>();
    }

    OrderPoller(
            KafkaSettings settings,
            String clientId,
            RecordOrders recordOrders,
            Clock clock,
            ConsumerMetrics metrics,
            ConsumeSpans spans) {
        this.topics = settings.topics();
        this.messages = new OrderMessages(settings.signing());
        this.spans = spans;
        this.recordOrders = recordOrders;
        this.clock = clock;
        this.metrics = metrics;
        this.consumer = new KafkaConsumer<>(ClientConfigs.consumer(settings, clientId));
        try {
            this.producer = new KafkaProducer<>(ClientConfigs.producer(settings, clientId + "-forwarder"));
        } catch (KafkaException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        this.pauses = new Pauses(consumer, clock);
        this.commits = new OffsetCommits(consumer, progress);
        this.forwarding = new Forwarding(
                topics, producer, settings.deliveryTimeout().plusSeconds(5), progress, metrics, messages);
    }

    /** Polls until asked to stop, then commits what is done; the group is left at the close only then. */
    void run(SupervisedLoop.Stop stop) {
        consumer.subscribe(List.of(topics.orders(), topics.retry()), new Rebalance());
        while (!stop.requested()) {
            pollOnce();
        }
        commits.commitAll();
        stopped = true;
        LOG.info("order consumer stopped");
    }

    private void pollOnce() {
        pauses.resumeDue();
        ConsumerRecords<String, byte[]> records = consumer.poll(pauses.pollTimeout());
        if (!records.isEmpty()) {
            try {
                handle(records);
                pauses.answered();
            } catch (ServiceUnavailableException e) {
                pauses.outage(e.service(), e.getMessage());
            }
        }
        refreshLag();
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        Instant now = clock.instant();
        Batch batch = new Batch();
        for (TopicPartition partition : records.partitions()) {
            List<PolledItem> items = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            long end = ofPartition.get(ofPartition.size() - 1).offset() + 1;
            for (ConsumerRecord<String, byte[]> record : ofPartition) {
                if (progress.finished(partition, record.offset())) {
                    continue;
                }
                PolledItem item = PolledItem.read(record, messages);
                if (item.delivery() != null && !item.delivery().dueAt(now)) {
                    pauses.delay(partition, record.offset(), item.delivery().nextRetryAt());
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
        } finally {
            settle(batch);
        }
    }

    private void process(Batch batch) {
        List<PolledItem> unreadable = new ArrayList<>();
        List<PolledItem> toRecord = new ArrayList<>();
        for (List<PolledItem> items : batch.items.values()) {
            for (PolledItem item : items) {
                if (item.unreadable() != null) {
                    unreadable.add(item);
                } else if (progress.storedInDeadLetters(
                                item.partition(), item.record().offset())
                        .isEmpty()) {
                    // one already in the dead-letter queue is not recorded again: it only needs deadLettered, below
                    toRecord.add(item);
                }
            }
        }
        // unreadable records first: they need neither the database nor Redis, so an outage does not hold them
        forwarding.await(
                unreadable.stream().map(forwarding::deadLetterUnreadable).toList());

        List<Forwarding.Forward> forwards = new ArrayList<>();
        if (!toRecord.isEmpty()) {
            List<Disposition> dispositions = spans.record(toRecord, recordOrders::record);
            for (int i = 0; i < toRecord.size(); i++) {
                PolledItem item = toRecord.get(i);
                Disposition disposition = dispositions.get(i);
                switch (disposition.kind()) {
                    case CREATED, ALREADY_RECORDED, RELEASED -> {
                        logSuccess(disposition);
                        metrics.consumed(disposition.kind());
                        progress.finish(item.partition(), item.record().offset());
                    }
                    case RETRY, DEAD_LETTER -> {
                        logFailure(disposition);
                        forwards.add(forwarding.forward(item, disposition));
                    }
                }
            }
        }
        forwarding.await(forwards);

        for (List<PolledItem> items : batch.items.values()) {
            for (PolledItem item : items) {
                TopicPartition partition = item.partition();
                long offset = item.record().offset();
                Optional<OrderDelivery> stored = progress.storedInDeadLetters(partition, offset);
                if (stored.isPresent()) {
                    finishDeadLetter(stored.get());
                    progress.finish(partition, offset);
                }
            }
        }
    }

    /** The order is safely in the DLQ; a failure to finish it other than an outage must not hold the partition. */
    private void finishDeadLetter(OrderDelivery delivery) {
        try {
            recordOrders.deadLettered(delivery);
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.deadLetterUnfinished();
            LOG.error(
                    "order {} is in the dead-letter queue but could not be marked failed and released; "
                            + "./seckill reconcile --fix repairs it",
                    delivery.order().orderId(),
                    e);
        }
    }

    private static void logSuccess(Disposition disposition) {
        SeckillOrder order = disposition.delivery().order();
        if (disposition.kind() == Disposition.Kind.RELEASED) {
            LOG.info(
                    "handleConsume success orderId={} voucherId={} retryCount={} outcome=RELEASED"
                            + " (the database stock is exhausted: the Redis reservation was given back)",
                    order.orderId(),
                    order.voucherId(),
                    disposition.delivery().retryCount());
        } else {
            LOG.info(
                    "handleConsume success orderId={} voucherId={} retryCount={} outcome={}",
                    order.orderId(),
                    order.voucherId(),
                    disposition.delivery().retryCount(),
                    disposition.kind());
        }
    }

    private static void logFailure(Disposition disposition) {
        SeckillOrder order = disposition.delivery().order();
        LOG.warn(
                "handleConsume failed orderId={} voucherId={} retryCount={} error={}",
                order.orderId(),
                order.voucherId(),
                disposition.delivery().retryCount(),
                disposition.next().lastError());
    }

    /**
     * Commits each partition up to its first record not done; rewinds the partitions with records
     * not done, so that they are delivered again (a repeated batch skips what {@link Progress} knows).
     * The commit is not waited for (see {@link OffsetCommits}).
     */
    private void settle(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (Map.Entry<TopicPartition, List<PolledItem>> entry : batch.items.entrySet()) {
            TopicPartition partition = entry.getKey();
            long commitTo = batch.endOffset.get(partition);
            for (PolledItem item : entry.getValue()) {
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
        commits.commitAsync(done);
    }

    private void refreshLag() {
        Instant now = clock.instant();
        if (now.isBefore(nextLagRefresh)) {
            return;
        }
        nextLagRefresh = now.plus(LAG_REFRESH);
        long sum = 0;
        for (TopicPartition partition : consumer.assignment()) {
            sum += consumer.currentLag(partition).orElse(0);
        }
        metrics.lag(sum);
    }

    @Override
    public void close() {
        try {
            // a life that failed keeps a static member in the group: the next life takes its partitions back at once
            consumer.close(CloseOptions.groupMembershipOperation(
                            stopped
                                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                    : CloseOptions.GroupMembershipOperation.DEFAULT)
                    .withTimeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("order consumer did not close cleanly: {}", e.toString());
        }
        producer.close(CLOSE_TIMEOUT);
    }

    /** Commits what is done before partitions go to another consumer; forgets what was kept about them. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commits.commitSync(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            pauses.assigned(partitions);
            LOG.info("order consumer assigned {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            progress.forget(partitions);
            pauses.forget(partitions);
            commits.forget(partitions);
        }
    }
}
