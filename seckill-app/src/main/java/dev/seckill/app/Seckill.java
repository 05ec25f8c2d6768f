package dev.seckill.app;

import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.SeckillUseCases;
import dev.seckill.http.SeckillHttpApi;
import dev.seckill.kafka.DeadLetterQueue;
import dev.seckill.kafka.GroupMember;
import dev.seckill.kafka.KafkaOrderConsumer;
import dev.seckill.kafka.KafkaOrderPublisher;
import dev.seckill.kafka.KafkaOrderQueue;
import dev.seckill.kafka.KafkaSettings;
import dev.seckill.kafka.KafkaTopics;
import dev.seckill.kafka.RecordingLag;
import dev.seckill.mysql.MySqlDatabase;
import dev.seckill.mysql.MySqlOrderLedger;
import dev.seckill.mysql.MySqlOrderSettlement;
import dev.seckill.mysql.MySqlVoucherCatalogue;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisOrderIds;
import dev.seckill.redis.RedisPersistenceCheck;
import dev.seckill.redis.RedisSaleRestorations;
import dev.seckill.redis.RedisStockReservations;
import dev.seckill.redis.RedisUserSessions;
import dev.seckill.smtp.SmtpAlerts;
import dev.seckill.smtp.SmtpSettings;
import dev.seckill.supervision.OrderExpirer;
import dev.seckill.supervision.RelaySweeper;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the adapters and the use cases meet. {@link #open} connects to the backing
 * services in the start order (DB migrations → Redis → Kafka topics); {@link #serve} starts the
 * consumer, the relay's sweeper, the order expirer, the Redis persistence check and, last, HTTP.
 * {@link #close} stops everything in reverse.
 */
final class Seckill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Seckill.class);
    private static final int SWEEP_BATCH = 1_000;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);
    // how soon after its deadline an unpaid order's unit is on sale again
    private static final Duration EXPIRY_EVERY = Duration.ofSeconds(1);
    private static final Duration RECORDING_LAG_EVERY = Duration.ofSeconds(5);
    // INFO persistence is cheap, and a Redis switched to appendonly no is worth knowing within a minute
    private static final Duration PERSISTENCE_CHECK_EVERY = Duration.ofSeconds(30);

    private final SeckillConfig config;
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> resources = new ArrayList<>();
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpenTelemetry openTelemetry;

    final MySqlDatabase database;
    final MySqlVoucherCatalogue catalogue;
    final MySqlOrderLedger ledger;
    final RedisConnection redis;
    private final RedisPersistenceCheck persistence;
    final RedisStockReservations reservations;
    final RedisUserSessions sessions;
    final KafkaSettings kafkaSettings;
    final KafkaTopics topics;
    final KafkaOrderPublisher publisher;
    final SeckillUseCases useCases;
    private final RecordOrders recordOrders;

    private KafkaOrderConsumer consumer;
    private SupervisedLoop sweeper;
    private SupervisedLoop expirer;
    private SeckillHttpApi http;

    private Seckill(SeckillConfig config, int forcedFailures, Telemetry telemetry) {
        this.config = config;
        // kept first, so closed last: the spans of the shutdown are still sent
        this.openTelemetry = keep(telemetry).openTelemetry();
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmCompilationMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        try {
            database = keep(MySqlDatabase.open(config.mysql()));
            catalogue = new MySqlVoucherCatalogue(database);
            ledger = new MySqlOrderLedger(database, config.order().paymentTimeout(), clock, openTelemetry);

            redis = keep(RedisConnection.connect(config.redis()));
            redis.bindTo(metrics);
            persistence = keep(new RedisPersistenceCheck(redis, PERSISTENCE_CHECK_EVERY, metrics));
            persistence.check();
            reservations = new RedisStockReservations(redis, config.redis().keyPrefix(), openTelemetry, metrics);
            sessions = new RedisUserSessions(
                    redis,
                    config.redis().sessionTtl(),
                    RedisUserSessions.DEFAULT_REFRESH_EVERY,
                    config.redis().sessionCache());
            RedisOrderIds ids = new RedisOrderIds(redis);

            kafkaSettings = config.kafka();
            topics = keep(new KafkaTopics(kafkaSettings));
            topics.createIfAbsent();
            topics.bindTo(metrics);
            publisher = keep(new KafkaOrderPublisher(kafkaSettings, metrics, openTelemetry));

            KafkaOrderQueue queue = keep(new KafkaOrderQueue(kafkaSettings));
            ExecutorService restorer = Executors.newSingleThreadExecutor(daemon("sale-restorer"));
            keep(restorer::shutdownNow);
            useCases = new SeckillUseCases(
                    new SeckillUseCases.Ports(
                            ids,
                            reservations,
                            reservations,
                            new RedisSaleRestorations(redis, config.redis().keyPrefix()),
                            ledger,
                            new MySqlOrderSettlement(database),
                            catalogue,
                            publisher,
                            queue,
                            sessions,
                            new SettledPayments(metrics)),
                    new SeckillUseCases.Settings(
                            config.relay().staleAfter(),
                            config.relay().salesHorizon(),
                            SWEEP_BATCH,
                            config.retry(),
                            RestoreSaleService.Timing.DEFAULT,
                            new PlaceSeckillOrderService.Options(
                                    config.sale().soldOutMemo(),
                                    config.order().acknowledgement(),
                                    config.order().acknowledgeWait())),
                    clock,
                    restorer);
            recordOrders = useCases.recordOrders(alerts(config.smtp()), forcedFailures);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Connects to the DB (running its migrations), Redis and Kafka (creating the topics). */
    static Seckill open(SeckillConfig config, int forcedFailures) {
        return open(config, forcedFailures, Telemetry.open(config.tracing()));
    }

    /** {@link #open(SeckillConfig, int)} with the given telemetry (closed with the app): the tests' way to read the spans. */
    static Seckill open(SeckillConfig config, int forcedFailures, Telemetry telemetry) {
        return new Seckill(config, forcedFailures, telemetry);
    }

    /** Starts consuming, sweeping and, last, answering HTTP. */
    synchronized void serve() {
        KafkaSettings member = GroupMember.named(kafkaSettings, config.server().port());
        consumer = keep(new KafkaOrderConsumer(member, recordOrders, clock, metrics, openTelemetry));
        consumer.start();
        keep(new RecordingLag(kafkaSettings, RECORDING_LAG_EVERY, clock, metrics))
                .start();
        sweeper = RelaySweeper.every(
                config.relay().sweepInterval(),
                useCases.relay(),
                reservations,
                reservations,
                this::recentSales,
                clock,
                metrics);
        sweeper.start();
        expirer = OrderExpirer.every(EXPIRY_EVERY, useCases.expireOrders(), metrics);
        expirer.start();
        // the sales a failover may have left behind are restored before the next buyer has to ask
        redis.onFailover(
                () -> recentSales().forEach(sale -> useCases.restoreSale().restoreInBackground(sale.voucherId())));
        persistence.start();

        http = new SeckillHttpApi(
                new SeckillHttpApi.Settings(
                        config.server(), Optional.of(config.admin().token())),
                new SeckillHttpApi.UseCases(
                        useCases.placeOrder(),
                        useCases.lookUpOrder(),
                        useCases.payOrder(),
                        useCases.cancelOrder(),
                        useCases.registerVoucher(),
                        useCases.voucherStats(),
                        useCases.identifyUser()),
                List.of(
                        new SeckillHttpApi.ReadinessCheck("redis", redis::ping),
                        new SeckillHttpApi.ReadinessCheck("mysql", database::ping),
                        new SeckillHttpApi.ReadinessCheck("kafka", topics::ping),
                        new SeckillHttpApi.ReadinessCheck(KafkaOrderConsumer.LOOP, consumer::running),
                        new SeckillHttpApi.ReadinessCheck(KafkaOrderPublisher.LOOP, publisher::sending),
                        new SeckillHttpApi.ReadinessCheck(RelaySweeper.LOOP, sweeper::up),
                        new SeckillHttpApi.ReadinessCheck(OrderExpirer.LOOP, expirer::up)),
                metrics,
                metrics::scrape,
                openTelemetry);
        http.start();
        LOG.info("seckill serving on http://{}:{}", config.server().host(), http.port());
    }

    /** The HTTP port (after {@link #serve}). */
    int port() {
        return http.port();
    }

    DeadLetterQueue deadLetters() {
        return new DeadLetterQueue(kafkaSettings, useCases.replay());
    }

    /** The sales whose orders may still be in flight. */
    List<VoucherSale> recentSales() {
        return catalogue.salesEndingAfter(clock.instant().minus(config.relay().salesHorizon()));
    }

    /** Stops accepting, lets in-flight requests finish, flushes the relay, commits the consumer, closes the pools. */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop();
            http = null;
        }
        if (sweeper != null) {
            sweeper.close();
            sweeper = null;
        }
        if (expirer != null) {
            expirer.close();
            expirer = null;
        }
        if (useCases != null) {
            long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
            // the orders still in flight stay pending in Redis if we give up: the next start sweeps them
            while (useCases.relay().inFlight() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        resources.clear();
        metrics.close();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private Alerts alerts(SmtpSettings smtp) {
        if (!smtp.enabled()) {
            return (delivery, reason) -> LOG.warn(
                    "ALERT order {} of user {} for voucher {} failed for good after {} retries: {}",
                    delivery.order().orderId(),
                    delivery.order().userId(),
                    delivery.order().voucherId(),
                    delivery.retryCount(),
                    reason);
        }
        return keep(new SmtpAlerts(smtp));
    }
}
