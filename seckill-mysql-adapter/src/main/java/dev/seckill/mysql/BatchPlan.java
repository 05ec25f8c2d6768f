package dev.seckill.mysql;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one batch does, decided from what the database holds once the vouchers' rows are locked:
 * the orders are taken one after the other exactly as if each were recorded alone, so the
 * outcome never depends on how the orders were batched.
 *
 * @param results one per order, in the batch's order
 * @param taken   the stock each voucher gives up, by voucher id in ascending order
 */
record BatchPlan(List<RecordResult> results, Map<VoucherId, Integer> taken) {

    /** An order already in the database, or (with {@code failed}) one that ended in the dead-letter queue. */
    record Known(OrderId orderId, UserId userId, VoucherId voucherId, boolean failed) {}

    private record UserVoucher(UserId userId, VoucherId voucherId) {
        static UserVoucher of(SeckillOrder order) {
            return new UserVoucher(order.userId(), order.voucherId());
        }
    }

    /**
     * @param orders the batch
     * @param stock  the remaining stock of each voucher that has a seckill row
     * @param known  the orders of the batch's ids, users and vouchers that the database already holds
     */
    static BatchPlan decide(List<SeckillOrder> orders, Map<VoucherId, Integer> stock, List<Known> known) {
        Set<OrderId> recordedIds = new HashSet<>();
        Set<UserVoucher> recordedUsers = new HashSet<>();
        for (Known order : known) {
            recordedIds.add(order.orderId());
            // a failed order gave its reservation back: its user may buy again with a new order
            if (!order.failed()) {
                recordedUsers.add(new UserVoucher(order.userId(), order.voucherId()));
            }
        }
        Map<VoucherId, Integer> left = new HashMap<>(stock);
        Map<VoucherId, Integer> taken = new TreeMap<>((a, b) -> Long.compare(a.value(), b.value()));
        List<RecordResult> results = new ArrayList<>(orders.size());
        for (SeckillOrder order : orders) {
            UserVoucher userVoucher = UserVoucher.of(order);
            RecordResult result;
            if (recordedIds.contains(order.orderId()) || recordedUsers.contains(userVoucher)) {
                result = RecordResult.of(order, RecordOutcome.ALREADY_RECORDED);
            } else if (!left.containsKey(order.voucherId())) {
                // no seckill row: the catalogue and the reservation disagree; retry, then the DLQ, never a silent
                // sell-out
                result = RecordResult.failed(
                        order, "unknown voucher " + order.voucherId() + ": no tb_seckill_voucher row");
            } else if (left.get(order.voucherId()) < 1) {
                result = RecordResult.of(order, RecordOutcome.STOCK_EXHAUSTED);
            } else {
                left.merge(order.voucherId(), -1, Integer::sum);
                taken.merge(order.voucherId(), 1, Integer::sum);
                recordedIds.add(order.orderId());
                recordedUsers.add(userVoucher);
                result = RecordResult.of(order, RecordOutcome.CREATED);
            }
            results.add(result);
        }
        return new BatchPlan(List.copyOf(results), Collections.unmodifiableMap(taken));
    }

    List<SeckillOrder> created() {
        return results.stream()
                .filter(r -> r.outcome() == RecordOutcome.CREATED)
                .map(RecordResult::order)
                .toList();
    }
}
