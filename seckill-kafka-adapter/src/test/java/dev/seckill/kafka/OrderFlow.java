package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.service.OrderRelayService;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.ReplayFailedOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.SeckillUseCases;
import dev.seckill.domain.testing.DomainFixture;
import dev.seckill.domain.testing.RecordingPayments;
import dev.seckill.mysql.MySqlDatabase;
import dev.seckill.mysql.MySqlOrderLedger;
import dev.seckill.mysql.MySqlOrderSettlement;
import dev.seckill.mysql.MySqlSettings;
import dev.seckill.mysql.MySqlVoucherCatalogue;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisOrderIds;
import dev.seckill.redis.RedisSaleRestorations;
import dev.seckill.redis.RedisSettings;
import dev.seckill.redis.RedisStockReservations;
import dev.seckill.redis.RedisUserSessions;
import dev.seckill.testsupport.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order flow wired by hand as the app wires it, on the real broker, the real Redis and the
 * real database: each instance has its own topics, consumer group, database and Redis key prefix.
 */
final class OrderFlow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderFlow.class);
    static final Duration STALE_AFTER = Duration.ofSeconds(2);
    static final RetryPolicy FAST_RETRIES = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 3);
    // the publisher acknowledges within milliseconds here: a short settle covers what is in flight
    static final RestoreSaleService.Timing RESTORE_TIMING = new RestoreSaleService.Timing(
            Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMillis(200));

    final String name = TestServices.uniqueName("seckill_kafka");
    final KafkaSettings kafka;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MySqlDatabase database;
    final MySqlOrderLedger ledger;
    final MySqlVoucherCatalogue catalogue;
    final RedisConnection redis;
    final RedisStockReservations reservations;
    final KafkaOrderPublisher publisher;
    final OrderRelayService relay;
    final RedisSaleRestorations restorations;
    final KafkaOrderQueue queue;
    final SeckillUseCases useCases;
    final RestoreSaleService restore;
    final PlaceSeckillOrderService placeOrder;
    final ReplayFailedOrderService replay;
    final DeadLetterQueue deadLetterQueue;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    OrderFlow() {
        this(TestServices.database().endpoint());
    }

    /** With the database reached through {@code databaseEndpoint} (a {@code TcpProxy}, say). */
    OrderFlow(TestServices.Endpoint databaseEndpoint) {
        kafka = KafkaSettings.defaults(TestServices.kafkaBootstrapServers())
                .withTopics(TopicSettings.named(name + "-orders", name + "-retry", name + "-dlq"))
                .withConsumerGroup(name + "-consumers");
        try (KafkaTopics topics = new KafkaTopics(kafka)) {
            topics.createIfAbsent();
        }
        toClose.push(this::deleteTopics);
        TestServices.Database server = TestServices.database();
        database = MySqlDatabase.open(MySqlSettings.DEFAULTS
                .withUrl("jdbc:mysql://" + databaseEndpoint.host() + ":" + databaseEndpoint.port() + "/" + name)
                .withCredentials(server.user(), server.password())
                .withPoolSize(4)
                .withCatalogueCacheTtl(Duration.ofSeconds(1)));
        toClose.push(this::dropDatabase);
        toClose.push(database);
        ledger = new MySqlOrderLedger(database, Duration.ofMinutes(15));
        catalogue = new MySqlVoucherCatalogue(database);
        redis = RedisConnection.connect(RedisSettings.of(TestServices.redisUri()));
        toClose.push(redis);
        reservations = new RedisStockReservations(redis, name + ":");
        publisher = new KafkaOrderPublisher(kafka, meters);
        toClose.push(publisher);
        restorations = new RedisSaleRestorations(redis, name + ":");
        queue = new KafkaOrderQueue(kafka);
        toClose.push(queue);
        ExecutorService restorer = Executors.newSingleThreadExecutor();
        toClose.push(restorer::shutdownNow);
        useCases = new SeckillUseCases(
                new SeckillUseCases.Ports(
                        new RedisOrderIds(redis),
                        reservations,
                        reservations,
                        restorations,
                        ledger,
                        new MySqlOrderSettlement(database),
                        catalogue,
                        publisher,
                        queue,
                        new RedisUserSessions(redis),
                        new RecordingPayments()),
                new SeckillUseCases.Settings(
                        STALE_AFTER,
                        Duration.ofDays(1),
                        1_000,
                        FAST_RETRIES,
                        RESTORE_TIMING,
                        PlaceSeckillOrderService.Options.PLAIN),
                Clock.systemUTC(),
                restorer);
        relay = useCases.relay();
        restore = useCases.restoreSale();
        placeOrder = useCases.placeOrder();
        replay = useCases.replay();
        deadLetterQueue = new DeadLetterQueue(kafka, replay);
    }

    PlaceSeckillOrderService placeOrder(PlaceSeckillOrderService.Options options) {
        return useCases.placeOrder(options);
    }

    /** A voucher on sale from an hour ago to an hour from now, in the database and in Redis. */
    VoucherId voucher(int stock) {
        Instant now = Instant.now();
        return useCases.registerVoucher()
                .register(DomainFixture.newVoucher(
                        stock, new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))));
    }

    RecordOrders recordOrders(int forcedFailures, Alerts alerts) {
        return useCases.recordOrders(alerts, forcedFailures);
    }

    /** A started consumer of this flow's group, closed with the flow. */
    KafkaOrderConsumer consumer(RecordOrders recordOrders) {
        KafkaOrderConsumer consumer = new KafkaOrderConsumer(kafka, recordOrders, Clock.systemUTC(), meters);
        toClose.push(consumer);
        consumer.start();
        return consumer;
    }

    /** Publishes again, every half second, what stayed pending longer than {@link #STALE_AFTER}. */
    void sweepPendingOrders() {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
        var unused = sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        relay.sweep();
                    } catch (RuntimeException e) {
                        LOG.debug("sweep failed: {}", e.toString());
                    }
                },
                500,
                500,
                TimeUnit.MILLISECONDS);
        toClose.push(() -> {
            sweeper.shutdownNow();
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        });
    }

    OrderId place(long userId, VoucherId voucherId) {
        SeckillOutcome outcome = placeOrder
                .place(new UserId(userId), voucherId)
                .toCompletableFuture()
                .join();
        assertThat(outcome).isInstanceOf(SeckillOutcome.Accepted.class);
        return ((SeckillOutcome.Accepted) outcome).orderId();
    }

    OrderStatus status(OrderId orderId) {
        return ledger.find(orderId).map(OrderView::status).orElse(OrderStatus.PENDING);
    }

    LedgerStats ledgerStats(VoucherId voucherId) {
        return ledger.stats(voucherId).orElseThrow();
    }

    ReservationStats redisStats(VoucherId voucherId) {
        return reservations.stats(voucherId).orElseThrow();
    }

    Map<UserId, OrderId> recordedOrders(VoucherId voucherId) {
        return ledger.orders(voucherId);
    }

    List<DeadLetterQueue.Entry> deadLetters() {
        return deadLetterQueue.list(10_000);
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Writes a record straight to a topic, bypassing the publisher (a poison message, say). */
    void produce(String topic, String key, byte[] value) {
        produce(topic, null, key, value);
    }

    /** Writes a record straight to one partition of a topic ({@code null}: the key's), bypassing the publisher. */
    void produce(String topic, Integer partition, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(ClientConfigs.producer(kafka, name + "-raw"))) {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                LOG.warn("closing the flow: {}", e.toString());
            }
        }
    }

    private void deleteTopics() {
        try (Admin admin = Admin.create(ClientConfigs.admin(kafka, name + "-cleanup"))) {
            TopicSettings topics = kafka.topics();
            admin.deleteTopics(List.of(topics.orders(), topics.retry(), topics.deadLetters()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("topics of {} not deleted: {}", name, e.toString());
        }
    }

    private void dropDatabase() throws SQLException {
        TestServices.Database server = TestServices.database();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
