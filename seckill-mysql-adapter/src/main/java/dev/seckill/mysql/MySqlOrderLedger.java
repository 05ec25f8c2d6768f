package dev.seckill.mysql;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders of record in {@code tb_voucher_order}, the stock in {@code tb_seckill_voucher} and the
 * dead-lettered orders in {@code tb_failed_order}. A batch is one transaction that first locks its
 * vouchers' rows, so concurrent ledgers (other consumers, other processes) never race. The batch
 * travels as one JSON parameter read by JSON_TABLE (MySQL 8.0.4+, MariaDB 10.6+).
 */
public final class MySqlOrderLedger implements OrderLedger {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlOrderLedger.class);
    private static final int MAX_REASON = 1024;

    private final MySqlDatabase database;
    private final long paymentTimeoutMicros;
    private final Clock clock;
    private final MySqlOrderSettlement states;
    private final OrderWriteSpans spans;

    /**
     * @param paymentTimeout an order is unpaid until the moment it is recorded (by the system clock) plus this; then it
     *     expires
     */
    public MySqlOrderLedger(MySqlDatabase database, Duration paymentTimeout) {
        this(database, paymentTimeout, Clock.systemUTC(), OpenTelemetry.noop());
    }

    /**
     * With the moment of recording read off {@code clock}, and a span of each order's write in the trace its consumer
     * hands down ({@code OrderTraces}), from {@code openTelemetry}.
     */
    public MySqlOrderLedger(MySqlDatabase database, Duration paymentTimeout, Clock clock, OpenTelemetry openTelemetry) {
        this.database = database;
        this.clock = clock;
        this.spans = new OrderWriteSpans(openTelemetry, database.settings().databaseName());
        this.paymentTimeoutMicros = paymentTimeout.toNanos() / 1_000;
        this.states = new MySqlOrderSettlement(database);
    }

    /**
     * @throws ServiceUnavailableException when the database is unreachable, read-only, or a lock
     *         cannot be had in time: the batch's transaction is rolled back, try it again later
     */
    @Override
    public List<RecordResult> record(List<SeckillOrder> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        List<Span> writes = spans.start(orders);
        List<RecordResult> results;
        try {
            results = recordAll(orders);
        } catch (RuntimeException e) {
            OrderWriteSpans.failed(writes, e);
            throw e;
        }
        OrderWriteSpans.recorded(writes, results);
        return results;
    }

    private List<RecordResult> recordAll(List<SeckillOrder> orders) {
        try {
            return database.inTransaction(handle -> recordInOneTransaction(handle, orders, deadlines()));
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (orders.size() == 1) {
                return List.of(failed(orders.get(0), e));
            }
            LOG.warn(
                    "a batch of {} orders could not be recorded ({}); recording them one by one",
                    orders.size(),
                    Outages.describe(e));
            // each order in its own transaction, so that only the culprit fails
            List<RecordResult> results = new ArrayList<>(orders.size());
            for (SeckillOrder order : orders) {
                results.add(recordAlone(order));
            }
            return results;
        }
    }

    private RecordResult recordAlone(SeckillOrder order) {
        try {
            return database.inTransaction(handle -> recordInOneTransaction(handle, List.of(order), deadlines()))
                    .get(0);
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(order, e);
        }
    }

    private static RecordResult failed(SeckillOrder order, RuntimeException e) {
        String failure = Outages.describe(e);
        LOG.warn("order {} of voucher {} could not be recorded: {}", order.orderId(), order.voucherId(), failure);
        return RecordResult.failed(order, failure);
    }

    /** The payment window of orders recorded now: it starts now, or at the order's acceptance if that is later. */
    private Deadlines deadlines() {
        return new Deadlines(UtcColumns.toColumn(clock.instant()), paymentTimeoutMicros);
    }

    private record Deadlines(String recordedAt, long paymentTimeoutMicros) {}

    private static List<RecordResult> recordInOneTransaction(
            Handle handle, List<SeckillOrder> orders, Deadlines deadlines) {
        List<Long> voucherIds = orders.stream()
                .map(o -> o.voucherId().value())
                .distinct()
                .sorted()
                .toList();
        // locked in id order, so that two batches with the same vouchers cannot deadlock
        Map<VoucherId, Integer> stock = new HashMap<>();
        handle.createQuery("""
                        SELECT voucher_id, stock FROM tb_seckill_voucher
                        WHERE voucher_id IN (<voucherIds>) ORDER BY voucher_id FOR UPDATE""")
                .bindList("voucherIds", padded(voucherIds))
                .map((rs, ctx) -> Map.entry(new VoucherId(rs.getLong("voucher_id")), rs.getInt("stock")))
                .forEach(row -> stock.put(row.getKey(), row.getValue()));

        String batch = JsonRows.orders(orders);
        BatchPlan plan = BatchPlan.decide(orders, stock, known(handle, batch));

        List<SeckillOrder> created = plan.created();
        if (!created.isEmpty()) {
            // read as text: JSON_TABLE turns a value it cannot convert into a zero with a warning,
            // the INSERT in strict mode refuses it
            handle.createUpdate("""
                            INSERT INTO tb_voucher_order (id, user_id, voucher_id, create_time, pay_deadline)
                            SELECT id, user_id, voucher_id, create_time,
                                   TIMESTAMPADD(MICROSECOND, :paymentTimeoutMicros,
                                                GREATEST(CAST(create_time AS DATETIME(3)), CAST(:recordedAt AS DATETIME(3))))
                            FROM JSON_TABLE(:orders, '$[*]' COLUMNS (
                                id VARCHAR(20) PATH '$[0]', user_id VARCHAR(20) PATH '$[1]',
                                voucher_id VARCHAR(20) PATH '$[2]', create_time VARCHAR(32) PATH '$[3]')) AS o""")
                    // usually every order of the batch is created: its JSON is the one already written
                    .bind("orders", created.size() == orders.size() ? batch : JsonRows.orders(created))
                    .bind("paymentTimeoutMicros", deadlines.paymentTimeoutMicros())
                    .bind("recordedAt", deadlines.recordedAt())
                    .execute();
        }
        plan.taken().forEach((voucherId, taken) -> {
            int updated = handle.createUpdate("""
                            UPDATE tb_seckill_voucher SET stock = stock - :taken
                            WHERE voucher_id = :voucherId AND stock >= :taken""")
                    .bind("taken", taken)
                    .bind("voucherId", voucherId.value())
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("the stock of voucher " + voucherId + " changed under its row lock");
            }
        });
        return plan.results();
    }

    /**
     * An IN list padded to a power of two by repeating its last id (same rows): JDBI parses each
     * distinct statement text once, and a list of any length would make a new text every batch.
     */
    static List<Long> padded(List<Long> ids) {
        int size = ids.size() <= 8 ? 8 : Integer.highestOneBit(ids.size() - 1) << 1;
        List<Long> padded = new ArrayList<>(size);
        padded.addAll(ids);
        while (padded.size() < size) {
            padded.add(ids.get(ids.size() - 1));
        }
        return padded;
    }

    /**
     * The orders not cancelled that the database holds for the batch's users and vouchers, the
     * batch's own orders (cancelled ones too: never recorded twice), and those that ended in the
     * dead-letter queue. Binding the batch's ids one by one instead (1,500 parameters)
     * took more CPU in JDBI and the driver than the whole query took in the database.
     *
     * @param batch the batch's orders as {@link JsonRows#orders} writes them
     */
    private static List<BatchPlan.Known> known(Handle handle, String batch) {
        // STRAIGHT_JOIN: from the batch's rows to the unique key, also when the table still looks small
        return handle.createQuery("""
                        SELECT o.id, o.user_id, o.voucher_id, 0 AS failed
                        FROM JSON_TABLE(:orders, '$[*]' COLUMNS (
                            user_id BIGINT UNSIGNED PATH '$[1]', voucher_id BIGINT UNSIGNED PATH '$[2]')) AS b
                        STRAIGHT_JOIN tb_voucher_order o ON o.active_user_id = b.user_id AND o.voucher_id = b.voucher_id
                        UNION
                        SELECT o.id, o.user_id, o.voucher_id, 0
                        FROM JSON_TABLE(:orders, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$[0]')) AS b
                        STRAIGHT_JOIN tb_voucher_order o ON o.id = b.id
                        UNION ALL
                        SELECT f.order_id, f.user_id, f.voucher_id, 1
                        FROM JSON_TABLE(:orders, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$[0]')) AS b
                        STRAIGHT_JOIN tb_failed_order f ON f.order_id = b.id""")
                .bind("orders", batch)
                .map((rs, ctx) -> new BatchPlan.Known(
                        new OrderId(rs.getLong("id")),
                        new UserId(rs.getLong("user_id")),
                        new VoucherId(rs.getLong("voucher_id")),
                        rs.getInt("failed") == 1))
                .list();
    }

    @Override
    public boolean markFailed(SeckillOrder order, String reason) {
        String why = reason == null || reason.isBlank() ? "unknown" : reason;
        String shortReason = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why;
        return database.inTransaction(handle -> {
            // under the voucher's lock, as record() is: an order is never both created and failed
            handle.createQuery("SELECT voucher_id FROM tb_seckill_voucher WHERE voucher_id = :voucherId FOR UPDATE")
                    .bind("voucherId", order.voucherId().value())
                    .mapTo(Long.class)
                    .list();
            boolean created = handle.createQuery("SELECT COUNT(*) FROM tb_voucher_order WHERE id = :id")
                            .bind("id", order.orderId().value())
                            .mapTo(Long.class)
                            .one()
                    > 0;
            if (created) {
                LOG.warn("order {} is recorded already: not marked failed ({})", order.orderId(), shortReason);
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO tb_failed_order (order_id, user_id, voucher_id, reason)
                            VALUES (:orderId, :userId, :voucherId, :reason)
                            ON DUPLICATE KEY UPDATE order_id = order_id""")
                    .bind("orderId", order.orderId().value())
                    .bind("userId", order.userId().value())
                    .bind("voucherId", order.voucherId().value())
                    .bind("reason", shortReason)
                    .execute();
            return true;
        });
    }

    @Override
    public void clearFailed(OrderId orderId) {
        database.withHandle(handle -> handle.createUpdate("DELETE FROM tb_failed_order WHERE order_id = :orderId")
                .bind("orderId", orderId.value())
                .execute());
    }

    @Override
    public Optional<OrderView> find(OrderId orderId) {
        // a recorded order wins over a failed mark (replayed, then recorded)
        return database.withHandle(handle -> states.find(handle, orderId)
                .or(() -> handle.createQuery(
                                "SELECT order_id, user_id, voucher_id FROM tb_failed_order WHERE order_id = :id")
                        .bind("id", orderId.value())
                        .map((rs, ctx) -> new OrderView(
                                new OrderId(rs.getLong("order_id")),
                                new VoucherId(rs.getLong("voucher_id")),
                                new UserId(rs.getLong("user_id")),
                                OrderStatus.FAILED))
                        .findOne()));
    }

    @Override
    public Map<UserId, OrderId> orders(VoucherId voucherId) {
        return database.withHandle(handle -> handle.createQuery(
                        "SELECT user_id, id FROM tb_voucher_order WHERE voucher_id = :voucherId AND status <> 4")
                .bind("voucherId", voucherId.value())
                .map((rs, ctx) -> Map.entry(new UserId(rs.getLong("user_id")), new OrderId(rs.getLong("id"))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public Optional<LedgerStats> stats(VoucherId voucherId) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT sv.initial_stock, sv.stock,
                               (SELECT COUNT(*) FROM tb_voucher_order o WHERE o.voucher_id = sv.voucher_id AND o.status <> 4) AS orders,
                               (SELECT COUNT(*) FROM tb_failed_order f WHERE f.voucher_id = sv.voucher_id) AS failed,
                               (SELECT COUNT(*) FROM tb_voucher_order o WHERE o.voucher_id = sv.voucher_id AND o.status = 2) AS paid,
                               (SELECT COUNT(*) FROM tb_voucher_order o WHERE o.voucher_id = sv.voucher_id AND o.status = 4) AS cancelled
                        FROM tb_seckill_voucher sv WHERE sv.voucher_id = :voucherId""")
                .bind("voucherId", voucherId.value())
                .map((rs, ctx) -> new LedgerStats(
                        rs.getLong("initial_stock"),
                        rs.getLong("stock"),
                        rs.getLong("orders"),
                        rs.getLong("failed"),
                        rs.getLong("paid"),
                        rs.getLong("cancelled")))
                .findOne());
    }
}
