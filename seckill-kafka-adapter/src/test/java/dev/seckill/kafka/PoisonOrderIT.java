package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.service.RecordOrdersService;
import dev.seckill.domain.testing.RecordingAlerts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An order that breaks its whole batch with an error that is no outage (a bug, a wrong reply):
 * the orders around it on the same partition are recorded within seconds, the poison alone goes
 * down the retry road to the DLQ, and consumption is never paused.
 */
class PoisonOrderIT {

    @Test
    void aPoisonOrderAmongGoodOnesOnOnePartitionHoldsNothingUp() {
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(10);
            AtomicReference<OrderId> poison = new AtomicReference<>();
            OrderLedger breaking = new BreakingLedger(flow.ledger, poison);
            RecordingAlerts alerts = new RecordingAlerts();
            List<OrderId> good = new ArrayList<>();
            for (long user = 1; user <= 5; user++) {
                OrderId orderId = flow.place(user, voucher);
                if (user == 3) {
                    poison.set(orderId);
                } else {
                    good.add(orderId);
                }
            }
            flow.consumer(new RecordOrdersService(
                    breaking, flow.reservations, alerts, OrderFlow.FAST_RETRIES, Clock.systemUTC()));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> good.stream().allMatch(id -> flow.status(id) == OrderStatus.CREATED));
            await().atMost(Duration.ofSeconds(40)).until(() -> flow.status(poison.get()) == OrderStatus.FAILED);

            assertThat(flow.deadLetters()).singleElement().satisfies(entry -> {
                assertThat(entry.orderId()).contains(poison.get());
                assertThat(entry.errorMessage()).contains("IllegalStateException: poison");
            });
            assertThat(logs.containing("order consumption paused"))
                    .as("the partitions never paused")
                    .isEmpty();
            assertThat(flow.ledgerStats(voucher).stock())
                    .isEqualTo(6)
                    .isEqualTo(flow.redisStats(voucher).stock());
            assertThat(alerts.failedOrders()).hasSize(1);
        }
    }

    /** The real ledger, but any batch holding the poison order throws as an unclassified failure would. */
    private record BreakingLedger(OrderLedger real, AtomicReference<OrderId> poison) implements OrderLedger {

        @Override
        public List<RecordResult> record(List<SeckillOrder> orders) {
            if (orders.stream().anyMatch(order -> order.orderId().equals(poison.get()))) {
                throw new IllegalStateException("poison");
            }
            return real.record(orders);
        }

        @Override
        public boolean markFailed(SeckillOrder order, String reason) {
            return real.markFailed(order, reason);
        }

        @Override
        public void clearFailed(OrderId orderId) {
            real.clearFailed(orderId);
        }

        @Override
        public Optional<OrderView> find(OrderId orderId) {
            return real.find(orderId);
        }

        @Override
        public Map<UserId, OrderId> orders(VoucherId voucherId) {
            return real.orders(voucherId);
        }

        @Override
        public Optional<LedgerStats> stats(VoucherId voucherId) {
            return real.stats(voucherId);
        }
    }
}
