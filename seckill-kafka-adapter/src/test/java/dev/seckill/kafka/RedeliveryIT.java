package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.testing.RecordingAlerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A consumer that dies after the database committed a batch but before the broker got the offsets. */
class RedeliveryIT {

    /** Stands for the process dying: an Error the loop does not handle, so it never commits. */
    static final class Killed extends Error {
        Killed() {
            super("consumer killed between the database commit and the offset commit");
        }
    }

    @Test
    void aBatchDeliveredAgainAfterACrashCreatesNoSecondOrderAndTakesNoStockTwice() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(100);
            List<OrderId> orders = new ArrayList<>();
            for (long user = 1; user <= 30; user++) {
                orders.add(flow.place(user, voucher));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> flow.relay.inFlight() == 0);
            RecordOrders recordOrders = flow.recordOrders(0, new RecordingAlerts());
            AtomicInteger recordedBeforeTheCrash = new AtomicInteger();
            KafkaOrderConsumer crashing = flow.consumer(new RecordOrders() {
                @Override
                public List<Disposition> record(List<OrderDelivery> deliveries) {
                    recordOrders.record(deliveries);
                    recordedBeforeTheCrash.set(deliveries.size());
                    throw new Killed();
                }

                @Override
                public void deadLettered(OrderDelivery delivery) {
                    recordOrders.deadLettered(delivery);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !crashing.running());
            assertThat(recordedBeforeTheCrash.get()).isPositive();
            assertThat(flow.ledgerStats(voucher).orders()).isEqualTo(recordedBeforeTheCrash.get());

            flow.consumer(recordOrders);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.ledgerStats(voucher).orders() == orders.size()
                            && flow.counter("seckill.orders.consumed", "outcome", "already_recorded")
                                    >= recordedBeforeTheCrash.get());
            assertThat(flow.counter("seckill.orders.consumed", "outcome", "already_recorded"))
                    .isEqualTo(recordedBeforeTheCrash.get());
            assertThat(flow.counter("seckill.orders.consumed", "outcome", "created"))
                    .isEqualTo(orders.size() - recordedBeforeTheCrash.get());
            assertThat(flow.recordedOrders(voucher).values()).containsExactlyInAnyOrderElementsOf(orders);
            assertThat(flow.ledgerStats(voucher).stock()).isEqualTo(100 - orders.size());
            assertThat(flow.redisStats(voucher).stock()).isEqualTo(100 - orders.size());
        }
    }
}
