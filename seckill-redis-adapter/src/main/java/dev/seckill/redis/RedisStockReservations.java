package dev.seckill.redis;

import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.tracing.CallerContext;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * The stock of each sale and its pending orders, in Redis, changed only by the Lua scripts beside
 * this class (the key layout is at the top of {@code reserve.lua}). All keys of a voucher share the
 * hash tag {@code {<voucherId>}}, so the same scripts run on a single node and on a cluster.
 *
 * <p>A pending order is remembered by order id and user id; when the sweeper reads it back, its
 * {@code createdAt} is the moment Redis accepted it (Redis' clock, millisecond precision).
 */
public final class RedisStockReservations implements StockReservations, PendingOrders {

    public static final String DEFAULT_KEY_PREFIX = RedisSettings.DEFAULTS.keyPrefix();

    private static final LuaScript RESERVE = LuaScript.judgingSales("reserve.lua");
    private static final LuaScript RELEASE = LuaScript.named("release.lua");
    private static final LuaScript LOAD = LuaScript.judgingSales("load-sale.lua");
    private static final LuaScript STATS = LuaScript.judgingSales("sale-stats.lua");
    private static final LuaScript PENDING = LuaScript.named("pending-older-than.lua");
    private static final LuaScript ADOPT = LuaScript.judgingSales("adopt.lua");
    private static final LuaScript HOLDINGS = LuaScript.judgingSales("holdings.lua");
    private static final String CHECK_WINDOW = "1";
    private static final String SKIP_WINDOW = "0";
    private static final int SCAN_PAGE = 1_000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final SaleKeys keys;
    private final PendingClears pendingClears;
    private final ReservationSpans spans;
    private final ReservationLanes lanes;

    /** Keys under {@link #DEFAULT_KEY_PREFIX}. */
    public RedisStockReservations(RedisConnection connection) {
        this(connection, DEFAULT_KEY_PREFIX);
    }

    /** Keys under {@code keyPrefix}, e.g. to keep two environments apart on one Redis. */
    public RedisStockReservations(RedisConnection connection, String keyPrefix) {
        this(connection, keyPrefix, OpenTelemetry.noop());
    }

    /** With a span of each reservation made in a trace (the request's), from {@code openTelemetry}. */
    public RedisStockReservations(RedisConnection connection, String keyPrefix, OpenTelemetry openTelemetry) {
        this(connection, keyPrefix, openTelemetry, size -> {});
    }

    /** ... and the buyers each reservation call decided (see {@link ReservationLanes}) in {@code metrics}. */
    public RedisStockReservations(
            RedisConnection connection, String keyPrefix, OpenTelemetry openTelemetry, MeterRegistry metrics) {
        this(
                connection,
                keyPrefix,
                openTelemetry,
                DistributionSummary.builder("seckill.reservation.batch.size")
                        .description("buyers of one sale decided in one reservation call (merged while the last was in"
                                + " flight)")
                        .publishPercentiles(0.5, 0.9, 0.99)
                        .register(metrics)::record);
    }

    /** ... with {@code batchSizes} told how many buyers each reservation call decided. */
    RedisStockReservations(
            RedisConnection connection, String keyPrefix, OpenTelemetry openTelemetry, IntConsumer batchSizes) {
        this.spans = new ReservationSpans(openTelemetry);
        this.redis =
                Objects.requireNonNull(connection, "connection is required").commands();
        this.keys = new SaleKeys(Objects.requireNonNull(keyPrefix, "keyPrefix is required"));
        this.pendingClears = new PendingClears(redis, connection.scheduler());
        this.lanes = new ReservationLanes((voucher, orders) -> runReserve(voucher, orders, CHECK_WINDOW), batchSizes);
    }

    /** {@inheritDoc} The buyers of one sale who arrive together are decided in one call ({@link ReservationLanes}). */
    @Override
    public CompletionStage<Reservation> reserve(SeckillOrder order) {
        if (!ReservationSpans.inTrace()) {
            return lanes.reserve(order);
        }
        // the caller's next step (the relay's publish) must see the request's trace, not Lettuce's thread's
        return CallerContext.keep(spans.traced(order, lanes.reserve(order)));
    }

    @Override
    public Reservation reserveAgain(SeckillOrder order) {
        return RedisFailures.await(
                runReserve(order.voucherId(), List.of(order), SKIP_WINDOW).thenApply(answers -> answers.get(0)));
    }

    @Override
    public boolean release(SeckillOrder order) {
        Long released = RedisFailures.await(RELEASE.run(
                redis,
                ScriptOutputType.INTEGER,
                keys(order.voucherId()),
                order.userId().toString(),
                order.orderId().toString()));
        return released == 1L;
    }

    @Override
    public boolean load(VoucherSale sale) {
        Long created = RedisFailures.await(LOAD.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.sale(sale.voucherId())},
                Integer.toString(sale.stock()),
                Long.toString(sale.window().begin().toEpochMilli()),
                Long.toString(sale.window().end().toEpochMilli())));
        return created == 1L;
    }

    @Override
    public List<Holding> holdings(List<SeckillOrder> orders) {
        // one script per voucher (a cluster slot each), all sent at once: one round trip
        Map<VoucherId, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < orders.size(); i++) {
            positions
                    .computeIfAbsent(orders.get(i).voucherId(), v -> new ArrayList<>())
                    .add(i);
        }
        Map<VoucherId, CompletableFuture<List<Object>>> answers = new LinkedHashMap<>();
        positions.forEach((voucherId, indexes) -> {
            String[] args = new String[indexes.size() * 2];
            for (int k = 0; k < indexes.size(); k++) {
                SeckillOrder order = orders.get(indexes.get(k));
                args[2 * k] = order.userId().toString();
                args[2 * k + 1] = order.orderId().toString();
            }
            answers.put(
                    voucherId,
                    HOLDINGS.run(
                            redis,
                            ScriptOutputType.MULTI,
                            new String[] {keys.sale(voucherId), keys.order(voucherId)},
                            args));
        });
        Holding[] holdings = new Holding[orders.size()];
        answers.forEach((voucherId, answer) -> {
            List<Object> held = RedisFailures.await(answer);
            List<Integer> indexes = positions.get(voucherId);
            boolean missing = held.size() == 1 && number(held.get(0)) < 0;
            for (int k = 0; k < indexes.size(); k++) {
                holdings[indexes.get(k)] =
                        missing ? Holding.SALE_MISSING : number(held.get(k)) == 1 ? Holding.HELD : Holding.NOT_HELD;
            }
        });
        return List.of(holdings);
    }

    @Override
    public int adopt(VoucherId voucherId, Map<UserId, OrderId> recorded) {
        String[] saleAndOrder = {keys.sale(voucherId), keys.order(voucherId)};
        int adopted = 0;
        for (Map<String, String> chunk : HolderArgs.chunks(recorded)) {
            Long taken = RedisFailures.await(
                    ADOPT.run(redis, ScriptOutputType.INTEGER, saleAndOrder, HolderArgs.flat(chunk)));
            adopted += taken.intValue();
        }
        return adopted;
    }

    @Override
    public SaleCopy saleCopy(VoucherId voucherId) {
        List<Object> stats = RedisFailures.await(STATS.run(redis, ScriptOutputType.MULTI, keys(voucherId)));
        if (stats.isEmpty()) {
            return SaleCopy.MISSING;
        }
        return number(stats.get(4)) == 1 ? SaleCopy.BEHIND : SaleCopy.SOUND;
    }

    @Override
    public Optional<ReservationStats> stats(VoucherId voucherId) {
        List<Object> stats = RedisFailures.await(STATS.run(redis, ScriptOutputType.MULTI, keys(voucherId)));
        if (stats.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReservationStats(
                number(stats.get(0)), number(stats.get(1)), number(stats.get(2)), number(stats.get(3))));
    }

    @Override
    public Optional<OrderId> reservedOrder(VoucherId voucherId, UserId userId) {
        return RedisFailures.await(findReservedOrder(voucherId, userId));
    }

    @Override
    public CompletionStage<Optional<OrderId>> findReservedOrder(VoucherId voucherId, UserId userId) {
        return CallerContext.keep(RedisFailures.translated(redis.hget(keys.order(voucherId), userId.toString()))
                .thenApply(orderId -> Optional.ofNullable(orderId).map(id -> new OrderId(Long.parseLong(id)))));
    }

    @Override
    public Map<UserId, OrderId> reservations(VoucherId voucherId) {
        // HSCAN in pages rather than one HGETALL, so that a huge sale does not block Redis
        String key = keys.order(voucherId);
        Map<UserId, OrderId> holders = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> page = RedisFailures.await(
                    RedisFailures.translated(redis.hscan(key, cursor, ScanArgs.Builder.limit(SCAN_PAGE))));
            page.getMap()
                    .forEach((user, order) ->
                            holders.put(new UserId(Long.parseLong(user)), new OrderId(Long.parseLong(order))));
            cursor = page;
        } while (!cursor.isFinished());
        return holders;
    }

    @Override
    public CompletionStage<Void> clear(SeckillOrder order) {
        return pendingClears.clear(keys.pending(order.voucherId()), pendingMember(order));
    }

    @Override
    public List<SeckillOrder> olderThan(VoucherId voucherId, Duration age, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Object> found = RedisFailures.await(PENDING.run(
                redis,
                ScriptOutputType.MULTI,
                new String[] {keys.pending(voucherId)},
                Long.toString(age.toMillis()),
                Integer.toString(limit)));
        List<SeckillOrder> orders = new ArrayList<>(found.size() / 2);
        for (int i = 0; i + 1 < found.size(); i += 2) {
            String[] member = found.get(i).toString().split(":", -1);
            Instant since = Instant.ofEpochMilli(
                    (long) Double.parseDouble(found.get(i + 1).toString()));
            orders.add(new SeckillOrder(
                    new OrderId(Long.parseLong(member[0])), new UserId(Long.parseLong(member[1])), voucherId, since));
        }
        return orders;
    }

    /** Decides the orders' buyers of one sale in one call of {@code reserve.lua}, in the order given. */
    private CompletableFuture<List<Reservation>> runReserve(
            VoucherId voucher, List<SeckillOrder> orders, String window) {
        String[] args = new String[1 + 2 * orders.size()];
        args[0] = window;
        for (int i = 0; i < orders.size(); i++) {
            args[1 + 2 * i] = orders.get(i).userId().toString();
            args[2 + 2 * i] = orders.get(i).orderId().toString();
        }
        CompletableFuture<List<Long>> codes;
        try {
            codes = RESERVE.run(redis, ScriptOutputType.MULTI, keys(voucher), args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RedisFailures.translate(e));
        }
        return codes.thenApply(answers ->
                answers.stream().map(RedisStockReservations::reservation).toList());
    }

    private static Reservation reservation(Long code) {
        return switch (code.intValue()) {
            case 0 -> Reservation.RESERVED;
            case 1 -> Reservation.SOLD_OUT;
            case 2 -> Reservation.ALREADY_ORDERED;
            case 3 -> Reservation.NOT_STARTED;
            case 4 -> Reservation.ENDED;
            case 5 -> Reservation.UNKNOWN_VOUCHER;
            case 6 -> Reservation.SALE_BEHIND;
            default -> throw new IllegalStateException("reserve.lua answered an unknown code " + code);
        };
    }

    /** The keys of one sale, in the order the scripts expect them: sale, order, pending. */
    String[] keys(VoucherId voucherId) {
        return keys.reservation(voucherId);
    }

    private static String pendingMember(SeckillOrder order) {
        return order.orderId() + ":" + order.userId();
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }
}
