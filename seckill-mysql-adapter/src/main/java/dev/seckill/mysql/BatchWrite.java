package dev.seckill.mysql;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * One batch of orders written in one transaction: its vouchers' rows locked, the orders the
 * database already knows read back, the new ones inserted and their units taken off the stock,
 * as {@link BatchPlan} decides. The batch travels as one JSON parameter read by JSON_TABLE.
 */
final class BatchWrite {

    private BatchWrite() {}

    /** When the batch is recorded (a UTC column value), and how long its orders may stay unpaid after. */
    record Deadlines(String recordedAt, long paymentTimeoutMicros) {}

    /** Writes the batch in the caller's transaction; what became of each order, in the batch's order. */
    static List<RecordResult> write(Handle handle, List<SeckillOrder> orders, Deadlines deadlines) {
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
}
