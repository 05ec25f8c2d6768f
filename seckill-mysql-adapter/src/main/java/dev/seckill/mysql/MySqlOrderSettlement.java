package dev.seckill.mysql;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.OrderSettlement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * An order's life after it is recorded, in {@code tb_voucher_order.status} with hmdp's codes: 1
 * unpaid, 2 paid, 4 cancelled. Every change is one compare-and-set on the status, so that pay,
 * cancel and expiry can race from any number of processes and an order changes once. A cancel
 * locks the voucher's row first, in the order {@code record} locks it, and gives the unit back to
 * its stock in the same transaction.
 */
public final class MySqlOrderSettlement implements OrderSettlement {

    static final int UNPAID = 1;
    static final int PAID = 2;
    static final int CANCELLED = 4;
    private static final String COLUMNS = "id, user_id, voucher_id, status, create_time, pay_deadline, cancel_reason";

    private final MySqlDatabase database;

    public MySqlOrderSettlement(MySqlDatabase database) {
        this.database = database;
    }

    Optional<OrderView> find(Handle handle, OrderId orderId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM tb_voucher_order WHERE id = :id")
                .bind("id", orderId.value())
                .map((rs, ctx) -> view(rs))
                .findOne();
    }

    @Override
    public Optional<OrderView> pay(OrderId orderId, Instant now) {
        return database.inTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE tb_voucher_order SET status = :paid, pay_time = CURRENT_TIMESTAMP
                            WHERE id = :id AND status = :unpaid AND (pay_deadline IS NULL OR pay_deadline > :now)""")
                    .bind("paid", PAID)
                    .bind("unpaid", UNPAID)
                    .bind("id", orderId.value())
                    .bind("now", UtcColumns.toColumn(now))
                    .execute();
            return find(handle, orderId);
        });
    }

    @Override
    public Optional<OrderView> cancel(OrderId orderId, CancelReason reason, Instant now) {
        return database.inTransaction(handle -> {
            Optional<Long> voucherId = handle.createQuery("SELECT voucher_id FROM tb_voucher_order WHERE id = :id")
                    .bind("id", orderId.value())
                    .mapTo(Long.class)
                    .findOne();
            if (voucherId.isEmpty()) {
                return Optional.empty();
            }
            handle.createQuery("SELECT voucher_id FROM tb_seckill_voucher WHERE voucher_id = :voucherId FOR UPDATE")
                    .bind("voucherId", voucherId.get())
                    .mapTo(Long.class)
                    .list();
            int cancelled = handle.createUpdate("""
                            UPDATE tb_voucher_order SET status = :cancelled, cancel_time = :now, cancel_reason = :reason
                            WHERE id = :id AND status = :unpaid AND (:buyer OR pay_deadline <= :now)""")
                    .bind("cancelled", CANCELLED)
                    .bind("unpaid", UNPAID)
                    .bind("id", orderId.value())
                    .bind("now", UtcColumns.toColumn(now))
                    .bind("reason", reason == CancelReason.BUYER ? 1 : 2)
                    .bind("buyer", reason == CancelReason.BUYER)
                    .execute();
            if (cancelled == 1) {
                handle.createUpdate("UPDATE tb_seckill_voucher SET stock = stock + 1 WHERE voucher_id = :voucherId")
                        .bind("voucherId", voucherId.get())
                        .execute();
            }
            return find(handle, orderId);
        });
    }

    @Override
    public List<OrderId> overdue(Instant now, int limit) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT id FROM tb_voucher_order WHERE status = :unpaid AND unit_returned = 0 AND pay_deadline <= :now
                        ORDER BY pay_deadline LIMIT :limit""")
                .bind("unpaid", UNPAID)
                .bind("now", UtcColumns.toColumn(now))
                .bind("limit", limit)
                .map((rs, ctx) -> new OrderId(rs.getLong("id")))
                .list());
    }

    @Override
    public List<SeckillOrder> unitsToReturn(int limit) {
        return database.withHandle(handle -> handle.createQuery("""
                        SELECT id, user_id, voucher_id, create_time FROM tb_voucher_order
                        WHERE status = :cancelled AND unit_returned = 0 LIMIT :limit""")
                .bind("cancelled", CANCELLED)
                .bind("limit", limit)
                .map((rs, ctx) -> new SeckillOrder(
                        new OrderId(rs.getLong("id")),
                        new UserId(rs.getLong("user_id")),
                        new VoucherId(rs.getLong("voucher_id")),
                        UtcColumns.fromColumn(rs.getObject("create_time", LocalDateTime.class))))
                .list());
    }

    @Override
    public void unitReturned(OrderId orderId) {
        database.withHandle(handle -> handle.createUpdate(
                        "UPDATE tb_voucher_order SET unit_returned = 1 WHERE id = :id AND status = :cancelled")
                .bind("id", orderId.value())
                .bind("cancelled", CANCELLED)
                .execute());
    }

    private static OrderView view(ResultSet rs) throws SQLException {
        int status = rs.getInt("status");
        LocalDateTime deadline = rs.getObject("pay_deadline", LocalDateTime.class);
        int reason = rs.getInt("cancel_reason");
        return new OrderView(
                new OrderId(rs.getLong("id")),
                new VoucherId(rs.getLong("voucher_id")),
                new UserId(rs.getLong("user_id")),
                statusOf(status),
                UtcColumns.fromColumn(rs.getObject("create_time", LocalDateTime.class)),
                deadline == null ? null : UtcColumns.fromColumn(deadline),
                status != CANCELLED ? null : reason == 1 ? CancelReason.BUYER : CancelReason.EXPIRED);
    }

    private static OrderStatus statusOf(int status) {
        return switch (status) {
            case UNPAID -> OrderStatus.CREATED;
            case PAID -> OrderStatus.PAID;
            case CANCELLED -> OrderStatus.CANCELLED;
            default -> throw new IllegalStateException("order status " + status + " is not one this service writes");
        };
    }
}
