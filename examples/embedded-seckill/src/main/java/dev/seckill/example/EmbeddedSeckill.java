package dev.seckill.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.out.Payments;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.SeckillUseCases;
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
import dev.seckill.supervision.OrderExpirer;
import dev.seckill.supervision.RelaySweeper;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shop of its own that embeds the seckill domain: a plain {@code main} on the JDK's HTTP server, the domain's use
 * cases ({@link SeckillUseCases}) with the Redis adapter for the sale, the MySQL adapter for the orders of record, and
 * an in-process queue of its own ({@link InProcessOrders}) between placing and recording. It runs what keeps the
 * guarantees: the recorder, the relay's sweeper and the payment deadline's expirer.
 *
 * <pre>
 * POST /sales?stock=N                      put a sale on, now for an hour: its voucher id
 * POST /sales/{voucherId}/orders  X-User   buy one: 200 the order id, 409 SOLD_OUT / ALREADY_ORDERED (with the order)
 * GET  /orders/{orderId}          X-User   the order's status: PENDING, CREATED, ...
 * </pre>
 *
 * Who the buyer is, is the host's business: here a trusted {@code X-User} header.
 */
public final class EmbeddedSeckill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSeckill.class);
    private static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(2);
    private static final Duration EXPIRE_EVERY = Duration.ofSeconds(1);
    // the sweeper looks at the sales that ended this recently: an order can stay pending no longer than this
    private static final Duration SALES_HORIZON = Duration.ofDays(7);

    /** Where the shop listens and where its Redis and database are. */
    public record Settings(
            int port, String redisUri, String keyPrefix, String mysqlUrl, String user, String password) {}

    private final MySqlDatabase database;
    private final RedisConnection redis;
    private final InProcessOrders queue;
    private final ExecutorService restorer = Executors.newSingleThreadExecutor();
    private final SupervisedLoop sweeper;
    private final SupervisedLoop expirer;
    private final PlaceSeckillOrder placeOrder;
    private final RegisterSeckillVoucher registerVoucher;
    private final LookUpOrder lookUpOrder;
    private final HttpServer http;

    private EmbeddedSeckill(Settings settings) throws IOException {
        Clock clock = Clock.systemUTC();
        database = MySqlDatabase.open(MySqlSettings.DEFAULTS
                .withUrl(settings.mysqlUrl())
                .withCredentials(settings.user(), settings.password()));
        redis = RedisConnection.connect(RedisSettings.of(settings.redisUri()));
        RedisStockReservations reservations = new RedisStockReservations(redis, settings.keyPrefix());
        queue = new InProcessOrders(clock);
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
        SeckillUseCases useCases = new SeckillUseCases(
                new SeckillUseCases.Ports(
                        new RedisOrderIds(redis),
                        reservations,
                        reservations,
                        new RedisSaleRestorations(redis, settings.keyPrefix()),
                        new MySqlOrderLedger(database, PAYMENT_TIMEOUT),
                        new MySqlOrderSettlement(database),
                        catalogue,
                        queue,
                        queue,
                        new RedisUserSessions(redis),
                        new NoCharge()),
                new SeckillUseCases.Settings(
                        Duration.ofSeconds(10),
                        SALES_HORIZON,
                        500,
                        RetryPolicy.DEFAULT,
                        RestoreSaleService.Timing.DEFAULT,
                        PlaceSeckillOrderService.Options.PLAIN),
                clock,
                restorer);
        placeOrder = useCases.placeOrder();
        registerVoucher = useCases.registerVoucher();
        lookUpOrder = useCases.lookUpOrder();
        // the three things that keep the guarantees: record, publish again what a crash left pending, expire unpaid
        queue.start(useCases.recordOrders(
                (delivery, reason) -> LOG.warn(
                        "order {} failed for good: {}", delivery.order().orderId(), reason),
                0));
        MeterRegistry metrics = new SimpleMeterRegistry(); // a host hands in its own registry
        sweeper = RelaySweeper.every(
                SWEEP_EVERY,
                useCases.relay(),
                reservations,
                reservations,
                () -> catalogue.salesEndingAfter(clock.instant().minus(SALES_HORIZON)),
                clock,
                metrics);
        sweeper.start();
        expirer = OrderExpirer.every(EXPIRE_EVERY, useCases.expireOrders(), metrics);
        expirer.start();

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        http.setExecutor(Executors.newFixedThreadPool(8));
        http.createContext("/sales", this::sales);
        http.createContext("/orders", this::orders);
        http.start();
        LOG.info("embedded seckill shop on http://127.0.0.1:{}", port());
    }

    /** Opens the shop: connects, starts the recorder and the background passes, then listens. */
    public static EmbeddedSeckill start(Settings settings) throws IOException {
        return new EmbeddedSeckill(settings);
    }

    public static void main(String[] args) throws IOException {
        String env = System.getenv().getOrDefault("SHOP_PORT", "8090");
        EmbeddedSeckill shop = start(new Settings(
                Integer.parseInt(env),
                System.getenv().getOrDefault("SHOP_REDIS_URI", "redis://127.0.0.1:6379/0"),
                "shop:",
                System.getenv().getOrDefault("SHOP_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/seckill_shop"),
                System.getenv().getOrDefault("SHOP_MYSQL_USER", "seckill"),
                System.getenv().getOrDefault("SHOP_MYSQL_PASSWORD", "seckill")));
        Runtime.getRuntime().addShutdownHook(new Thread(shop::close));
    }

    /** The port it listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    private void sales(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/", -1);
        try {
            if (path.length == 2 && "POST".equals(exchange.getRequestMethod())) {
                int stock = Integer.parseInt(query(exchange, "stock"));
                Instant now = Instant.now();
                VoucherId voucher = registerVoucher.register(new NewSeckillVoucher(
                        1,
                        "embedded",
                        "",
                        "",
                        100,
                        100,
                        stock,
                        new SaleWindow(now.minusSeconds(60), now.plusSeconds(3600))));
                answer(exchange, 200, voucher.toString());
            } else if (path.length == 4 && "orders".equals(path[3]) && "POST".equals(exchange.getRequestMethod())) {
                SeckillOutcome outcome = placeOrder
                        .place(buyer(exchange), new VoucherId(Long.parseLong(path[2])))
                        .toCompletableFuture()
                        .join();
                outcome.fold(
                        accepted -> answer(exchange, 200, accepted.orderId().toString()),
                        held -> answer(exchange, 409, "ALREADY_ORDERED " + held.orderId()),
                        rejected -> answer(exchange, 409, rejected.reason().name()));
            } else {
                answer(exchange, 404, "no such resource");
            }
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, "bad request: " + e.getMessage());
        } catch (CompletionException e) {
            if (e.getCause() instanceof ServiceUnavailableException unavailable) {
                answer(exchange, 503, unavailable.getMessage());
            } else {
                throw e;
            }
        }
    }

    private void orders(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/", -1);
        try {
            OrderId order = new OrderId(Long.parseLong(path[path.length - 1]));
            lookUpOrder
                    .find(buyer(exchange), order)
                    .ifPresentOrElse(
                            view -> answer(exchange, 200, view.status().name()),
                            () -> answer(exchange, 404, "ORDER_NOT_FOUND"));
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, "bad request: " + e.getMessage());
        }
    }

    private static UserId buyer(HttpExchange exchange) {
        String user = exchange.getRequestHeaders().getFirst("X-User");
        if (user == null) {
            throw new IllegalArgumentException("X-User is required");
        }
        return new UserId(Long.parseLong(user));
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        for (String pair : query == null ? new String[0] : query.split("&", -1)) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException(name + " is required");
    }

    private static Void answer(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            LOG.debug("answer not sent: {}", e.toString());
        }
        return null;
    }

    /** Closes in reverse: no more requests, no more passes, the recorder, then the connections. */
    @Override
    public void close() {
        http.stop(0);
        sweeper.close();
        expirer.close();
        try {
            queue.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restorer.shutdownNow();
        redis.close();
        database.close();
    }

    /** This shop charges nothing: the payment deadline runs, but no money moves. */
    private static final class NoCharge implements Payments {
        @Override
        public void charge(OrderId orderId, UserId payer) {}

        @Override
        public void refund(OrderId orderId) {}
    }
}
