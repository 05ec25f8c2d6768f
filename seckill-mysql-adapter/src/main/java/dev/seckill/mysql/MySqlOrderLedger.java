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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
            return database.inTransaction(handle -> BatchWrite.write(handle, orders, deadlines()));
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
            return database.inTransaction(handle -> BatchWrite.write(handle, List.of(order), deadlines()))
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
    private BatchWrite.Deadlines deadlines() {
        return new BatchWrite.Deadlines(UtcColumns.toColumn(clock.instant()), paymentTimeoutMicros);
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
