package dev.seckill.app;

import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.CancelOrder;
import dev.seckill.domain.port.in.ExpireOrders;
import dev.seckill.domain.port.in.IdentifyUser;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PayOrder;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.Reconcile;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.in.ReplayFailedOrder;
import dev.seckill.domain.port.in.RestoreSale;
import dev.seckill.domain.port.in.ShowVoucherStats;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.service.OrderRelayService;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.SeckillUseCases;
import dev.seckill.http.SeckillHttpApi;
import dev.seckill.kafka.DeadLetterQueue;
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
import dev.seckill.redis.RedisSaleRestorations;
import dev.seckill.redis.RedisStockReservations;
import dev.seckill.redis.RedisUserSessions;
import dev.seckill.smtp.SmtpAlerts;
import dev.seckill.smtp.SmtpSettings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
import java.time.ZoneId;
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
    final OrderRelayService relay;
    final PlaceSeckillOrder placeOrder;
    final RecordOrders recordOrders;
    final RegisterSeckillVoucher registerVoucher;
    final LookUpOrder lookUpOrder;
    final ShowVoucherStats voucherStats;
    final ReplayFailedOrder replay;
    final RestoreSale restoreSale;
    final Reconcile reconcile;
    final IdentifyUser identifyUser;
    final PayOrder payOrder;
    final CancelOrder cancelOrder;
    final ExpireOrders expireOrders;

    private KafkaOrderConsumer consumer;
    private Sweeper sweeper;
    private OrderExpirer expirer;
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
            FunctionCounter.builder("seckill.redis.failovers", redis, RedisConnection::failovers)
                    .description("failovers or restarts of Redis noticed (a master's replication id changed)")
                    .register(metrics);
            persistence = keep(new RedisPersistenceCheck(redis, PERSISTENCE_CHECK_EVERY, metrics));
            persistence.check();
            DistributionSummary batches = DistributionSummary.builder("seckill.reservation.batch.size")
                    .description("buyers of one sale decided in one reservation call (merged while the last was in"
                            + " flight)")
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .register(metrics);
            reservations =
                    new RedisStockReservations(redis, config.redis().keyPrefix(), openTelemetry, batches::record);
            sessions = new RedisUserSessions(
                    redis,
                    config.redis().sessionTtl(),
                    RedisUserSessions.DEFAULT_REFRESH_EVERY,
                    config.redis().sessionCache());
            RedisOrderIds ids = new RedisOrderIds(redis);

            kafkaSettings = config.kafka();
            if (kafkaSettings.signing().development()) {
                LOG.warn("order records are signed with the built-in development key: anyone who reads this code can"
                        + " forge them; set SECKILL_KAFKA_SIGNING_KEY (and _KEY_ID) on every instance");
            }
            topics = keep(new KafkaTopics(kafkaSettings));
            List<String> created = topics.createIfAbsent();
            Gauge.builder(
                            "seckill.kafka.topics.under.replicated",
                            topics,
                            t -> t.underReplicated().size())
                    .description(
                            "the order topics kept below replication factor 3 or min.insync.replicas 2 on a cluster"
                                    + " of three brokers or more")
                    .register(metrics);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            publisher = keep(new KafkaOrderPublisher(kafkaSettings, metrics, openTelemetry));

            KafkaOrderQueue queue = keep(new KafkaOrderQueue(kafkaSettings));
            ExecutorService restorer = Executors.newSingleThreadExecutor(daemon("sale-restorer"));
            keep(restorer::shutdownNow);
            SeckillUseCases useCases = new SeckillUseCases(
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
                                    config.sale().soldOutMemo(), config.order().acknowledgement())),
                    clock,
                    restorer);
            relay = useCases.relay();
            recordOrders = useCases.recordOrders(alerts(config.smtp()), forcedFailures);
            restoreSale = useCases.restoreSale();
            placeOrder = useCases.placeOrder();
            registerVoucher = useCases.registerVoucher();
            lookUpOrder = useCases.lookUpOrder();
            voucherStats = useCases.voucherStats();
            replay = useCases.replay();
            reconcile = useCases.reconcile();
            identifyUser = useCases.identifyUser();
            payOrder = useCases.payOrder();
            cancelOrder = useCases.cancelOrder();
            expireOrders = useCases.expireOrders();
            Gauge.builder("seckill_relay_in_flight", relay, OrderRelayService::inFlight)
                    .description("Orders being published right now")
                    .register(metrics);
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
        KafkaSettings member = GroupMember.named(kafkaSettings, config.server());
        LOG.info(
                "the order consumer joins group {} as {}",
                member.consumerGroup(),
                member.instanceId().isEmpty() ? "a dynamic member" : "static member " + member.instanceId());
        consumer = keep(new KafkaOrderConsumer(member, recordOrders, clock, metrics, openTelemetry));
        consumer.start();
        keep(new RecordingLag(kafkaSettings, RECORDING_LAG_EVERY, clock, metrics))
                .start();
        sweeper = new Sweeper(
                relay,
                reservations,
                reservations,
                this::recentSales,
                config.relay().sweepInterval(),
                clock,
                metrics);
        sweeper.start();
        expirer = new OrderExpirer(expireOrders, EXPIRY_EVERY, metrics);
        expirer.start();
        // the sales a failover may have left behind are restored before the next buyer has to ask
        redis.onFailover(() -> recentSales().forEach(sale -> restoreSale.restoreInBackground(sale.voucherId())));
        persistence.start();

        SeckillConfig.Server server = config.server();
        http = new SeckillHttpApi(
                new SeckillHttpApi.Settings(
                        server.host(),
                        server.port(),
                        server.threads(),
                        server.maxRequestBytes(),
                        ZoneId.of(server.zone()),
                        Optional.of(config.admin().token())),
                new SeckillHttpApi.UseCases(
                        placeOrder, lookUpOrder, payOrder, cancelOrder, registerVoucher, voucherStats, identifyUser),
                List.of(
                        new SeckillHttpApi.ReadinessCheck("redis", redis::ping),
                        new SeckillHttpApi.ReadinessCheck("mysql", database::ping),
                        new SeckillHttpApi.ReadinessCheck("kafka", topics::ping),
                        new SeckillHttpApi.ReadinessCheck(KafkaOrderConsumer.LOOP, consumer::running),
                        new SeckillHttpApi.ReadinessCheck(KafkaOrderPublisher.LOOP, publisher::sending),
                        new SeckillHttpApi.ReadinessCheck(Sweeper.LOOP, sweeper::up),
                        new SeckillHttpApi.ReadinessCheck(OrderExpirer.LOOP, expirer::up)),
                metrics,
                metrics::scrape,
                openTelemetry);
        http.start();
        LOG.info("seckill serving on http://{}:{}", server.host(), http.port());
    }

    /** The HTTP port (after {@link #serve}). */
    int port() {
        return http.port();
    }

    DeadLetterQueue deadLetters() {
        return new DeadLetterQueue(kafkaSettings, replay);
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
        if (relay != null) {
            long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
            // the orders still in flight stay pending in Redis if we give up: the next start sweeps them
            while (relay.inFlight() > 0 && System.nanoTime() < deadline) {
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
