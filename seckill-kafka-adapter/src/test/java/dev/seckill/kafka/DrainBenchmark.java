package dev.seckill.kafka;

import ch.qos.logback.classic.Level;
import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.testing.RecordingAlerts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.LoggerFactory;

/**
 * Drain rate: orders recorded per second from a pre-filled topic into the real database, for the
 * batch consumer (one transaction per poll of up to {@code maxPollRecords}) against one transaction
 * per message ({@code max.poll.records=1}: one poll, one transaction, one commit per order), in
 * the same run, each on a fresh topic and a fresh voucher of one fresh database.
 *
 * <p>Run from the repository root, with the local services up:
 * <pre>
 * mvn -B -q -pl seckill-kafka-adapter test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp "seckill-kafka-adapter/target/test-classes:seckill-kafka-adapter/target/classes:$(cat seckill-kafka-adapter/target/test.classpath)" \
 *     dev.seckill.kafka.DrainBenchmark [batchOrders=100000] [singleOrders=5000] [maxPollRecords=500]
 * </pre>
 */
public final class DrainBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    private DrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        int batchOrders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int singleOrders = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int maxPollRecords = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.seckill")).setLevel(Level.WARN);

        try (OrderFlow flow = new OrderFlow()) {
            KafkaSettings batchSettings = flow.kafka.withMaxPollRecords(maxPollRecords);
            KafkaSettings singleSettings = flow.kafka
                    .withTopics(TopicSettings.named(
                            flow.name + "-single", flow.name + "-single-retry", flow.name + "-single-dlq"))
                    .withConsumerGroup(flow.name + "-single-consumers")
                    .withMaxPollRecords(1);
            try (KafkaTopics topics = new KafkaTopics(singleSettings)) {
                topics.createIfAbsent();
            }
            VoucherId batchVoucher = flow.voucher(batchOrders);
            VoucherId singleVoucher = flow.voucher(singleOrders);
            fill(flow, batchSettings.topics().orders(), batchVoucher, 1, batchOrders);
            fill(flow, singleSettings.topics().orders(), singleVoucher, 10_000_001, singleOrders);

            double single = drain(flow, singleSettings, singleOrders);
            double batch = drain(flow, batchSettings, batchOrders);

            System.out.printf("one transaction per message: %,d orders at %,.0f orders/s%n", singleOrders, single);
            System.out.printf(
                    "batch (max.poll.records=%d): %,d orders at %,.0f orders/s%n", maxPollRecords, batchOrders, batch);
            System.out.printf("batch / one-per-message: %.1fx%n", batch / single);
            System.out.printf(
                    "database: %d + %d orders recorded, stock left %d and %d%n",
                    flow.ledgerStats(batchVoucher).orders(),
                    flow.ledgerStats(singleVoucher).orders(),
                    flow.ledgerStats(batchVoucher).stock(),
                    flow.ledgerStats(singleVoucher).stock());
            try (Admin cleanup = new Admin(singleSettings)) {
                cleanup.delete();
            }
        }
    }

    private static void fill(OrderFlow flow, String topic, VoucherId voucher, long firstId, int count)
            throws Exception {
        Instant now = Instant.now();
        List<Future<RecordMetadata>> acks = new ArrayList<>(count);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(ClientConfigs.producer(flow.kafka, flow.name + "-fill"))) {
            for (int i = 0; i < count; i++) {
                SeckillOrder order = new SeckillOrder(new OrderId(firstId + i), new UserId(1 + i), voucher, now);
                acks.add(producer.send(new ProducerRecord<>(
                        topic,
                        voucher.toString(),
                        new OrderMessages(SigningSettings.DEVELOPMENT).encode(OrderDelivery.first(order)))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        System.out.printf("filled %s with %,d orders%n", topic, count);
    }

    /** Orders per second between the first batch handed to the ledger and the last one recorded. */
    private static double drain(OrderFlow flow, KafkaSettings settings, int count) throws InterruptedException {
        Timed timed = new Timed(flow.recordOrders(0, new RecordingAlerts()), count);
        try (KafkaOrderConsumer consumer = new KafkaOrderConsumer(settings, timed, Clock.systemUTC(), flow.meters)) {
            consumer.start();
            synchronized (timed) {
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (!timed.done() && System.nanoTime() < deadline) {
                    timed.wait(1_000);
                }
            }
            if (!timed.done()) {
                throw new IllegalStateException("not drained within " + LIMIT + ": " + timed.recorded + " of " + count);
            }
        }
        return (count - timed.firstBatch) / ((timed.last - timed.first) / 1e9);
    }

    /** Counts what the ledger recorded and notes when the first batch started and the last one ended. */
    private static final class Timed implements RecordOrders {

        private final RecordOrders delegate;
        private final int expected;
        private long first;
        private long last;
        private int firstBatch;
        private int recorded;

        Timed(RecordOrders delegate, int expected) {
            this.delegate = delegate;
            this.expected = expected;
        }

        @Override
        public List<Disposition> record(List<OrderDelivery> deliveries) {
            List<Disposition> dispositions = delegate.record(deliveries);
            long now = System.nanoTime();
            synchronized (this) {
                if (recorded == 0) {
                    // the clock starts when the first batch is in: joining the group is not draining
                    first = now;
                    firstBatch = deliveries.size();
                }
                recorded += (int) dispositions.stream()
                        .filter(d -> d.kind() == Disposition.Kind.CREATED)
                        .count();
                if (recorded >= expected) {
                    last = now;
                    notifyAll();
                }
            }
            return dispositions;
        }

        @Override
        public void deadLettered(OrderDelivery delivery) {
            delegate.deadLettered(delivery);
        }

        synchronized boolean done() {
            return recorded >= expected;
        }
    }

    /** Deletes the extra topics of the one-per-message run. */
    private static final class Admin implements AutoCloseable {

        private final KafkaSettings settings;
        private final org.apache.kafka.clients.admin.Admin admin;

        Admin(KafkaSettings settings) {
            this.settings = settings;
            this.admin = org.apache.kafka.clients.admin.Admin.create(
                    ClientConfigs.admin(settings, "drain-benchmark-cleanup"));
        }

        void delete() throws Exception {
            TopicSettings topics = settings.topics();
            admin.deleteTopics(List.of(topics.orders(), topics.retry(), topics.deadLetters()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            admin.close();
        }
    }
}
