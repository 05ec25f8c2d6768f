package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private static final VoucherId A = new VoucherId(1);
    private static final VoucherId B = new VoucherId(2);

    private static SeckillOrder order(long id, long user, VoucherId voucher) {
        return new SeckillOrder(new OrderId(id), new UserId(user), voucher, Instant.EPOCH);
    }

    private static List<RecordOutcome> outcomes(BatchPlan plan) {
        return plan.results().stream().map(RecordResult::outcome).toList();
    }

    @Test
    void takesTheStockInBatchOrderAndCountsWhatEachVoucherGivesUp() {
        BatchPlan plan = BatchPlan.decide(
                List.of(order(1, 1, A), order(2, 1, B), order(3, 2, A), order(4, 2, B), order(5, 3, B)),
                Map.of(A, 1, B, 5),
                List.of());

        assertThat(outcomes(plan))
                .containsExactly(
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.STOCK_EXHAUSTED,
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED);
        assertThat(plan.taken()).containsExactly(Map.entry(A, 1), Map.entry(B, 3));
        assertThat(plan.created()).extracting(o -> o.orderId().value()).containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void whatTheDatabaseHoldsAndRepeatsWithinTheBatchAreAlreadyRecorded() {
        List<BatchPlan.Known> known = List.of(
                new BatchPlan.Known(new OrderId(10), new UserId(1), A, false),
                new BatchPlan.Known(new OrderId(11), new UserId(2), A, true));

        BatchPlan plan = BatchPlan.decide(
                List.of(
                        order(10, 1, A), // the same order again
                        order(12, 1, A), // the same user and voucher, another order
                        order(11, 2, A), // dead-lettered: never created late
                        order(13, 2, A), // the dead-lettered user's new order: a sale
                        order(13, 2, A), // its re-delivery within the batch
                        order(14, 3, A),
                        order(15, 3, A)), // a second click within the batch
                Map.of(A, 10),
                known);

        assertThat(outcomes(plan))
                .containsExactly(
                        RecordOutcome.ALREADY_RECORDED,
                        RecordOutcome.ALREADY_RECORDED,
                        RecordOutcome.ALREADY_RECORDED,
                        RecordOutcome.CREATED,
                        RecordOutcome.ALREADY_RECORDED,
                        RecordOutcome.CREATED,
                        RecordOutcome.ALREADY_RECORDED);
        assertThat(plan.taken()).containsExactly(Map.entry(A, 2));
    }

    @Test
    void anOrderOfAVoucherWithoutStockRowFailsAndTakesNothing() {
        BatchPlan plan = BatchPlan.decide(List.of(order(1, 1, B), order(2, 1, A)), Map.of(A, 1), List.of());

        assertThat(outcomes(plan)).containsExactly(RecordOutcome.FAILED, RecordOutcome.CREATED);
        assertThat(plan.results().get(0).failure()).contains("unknown voucher 2");
        assertThat(plan.taken()).containsOnlyKeys(A);
    }

    @Test
    void anExhaustedOrderDoesNotHideTheSameUsersNextOrder() {
        BatchPlan plan = BatchPlan.decide(List.of(order(1, 1, A), order(2, 1, A)), Map.of(A, 0), List.of());

        assertThat(outcomes(plan)).containsExactly(RecordOutcome.STOCK_EXHAUSTED, RecordOutcome.STOCK_EXHAUSTED);
        assertThat(plan.taken()).isEmpty();
    }

    @Test
    void theOutcomesDoNotDependOnHowTheOrdersAreBatched() {
        Random random = new Random(7);
        List<SeckillOrder> distinct = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            // 120 users for 300 orders: second clicks
            distinct.add(order(id, 1 + random.nextInt(120), random.nextBoolean() ? A : B));
        }
        List<SeckillOrder> orders = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            orders.add(distinct.get(random.nextInt(distinct.size()))); // drawn again: re-deliveries
        }
        Map<VoucherId, Integer> stock = Map.of(A, 40, B, 70);

        List<RecordOutcome> together = outcomes(BatchPlan.decide(orders, stock, List.of()));

        List<RecordOutcome> split = new ArrayList<>();
        Map<VoucherId, Integer> left = new HashMap<>(stock);
        List<BatchPlan.Known> known = new ArrayList<>();
        for (int at = 0; at < orders.size(); ) {
            List<SeckillOrder> batch = orders.subList(at, Math.min(orders.size(), at + 1 + random.nextInt(30)));
            BatchPlan plan = BatchPlan.decide(batch, left, known);
            split.addAll(outcomes(plan));
            plan.taken().forEach((voucher, taken) -> left.merge(voucher, -taken, Integer::sum));
            plan.created().forEach(o -> known.add(new BatchPlan.Known(o.orderId(), o.userId(), o.voucherId(), false)));
            at += batch.size();
        }

        assertThat(split).isEqualTo(together);
        assertThat(together)
                .contains(RecordOutcome.CREATED, RecordOutcome.ALREADY_RECORDED, RecordOutcome.STOCK_EXHAUSTED);
    }
}
