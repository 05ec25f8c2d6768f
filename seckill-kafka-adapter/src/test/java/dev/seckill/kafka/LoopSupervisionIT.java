package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.testing.RecordingAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** An {@link Error} inside the consumer's loop or the relay's sender: logged, counted, readiness down, restarted. */
class LoopSupervisionIT {

    @Test
    void theConsumerLoopRestartsAfterAnErrorAndRecordsTheOrder() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(5);
            RecordOrders real = flow.recordOrders(0, new RecordingAlerts());
            AtomicInteger calls = new AtomicInteger();
            RecordOrders failingTwice = new RecordOrders() {
                @Override
                public List<Disposition> record(List<OrderDelivery> deliveries) {
                    if (calls.incrementAndGet() <= 2) {
                        throw new OutOfMemoryError("injected into the consumer loop");
                    }
                    return real.record(deliveries);
                }

                @Override
                public void deadLettered(OrderDelivery delivery) {
                    real.deadLettered(delivery);
                }
            };
            OrderId orderId = flow.place(1, voucher);
            KafkaOrderConsumer consumer = flow.consumer(failingTwice);

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !consumer.running());
            await().atMost(Duration.ofSeconds(60)).until(() -> flow.status(orderId) == OrderStatus.CREATED);

            assertThat(consumer.running()).isTrue();
            assertThat(consumer.restarts()).isEqualTo(2);
            assertThat(flow.counter("seckill.loop.restarts", "loop", KafkaOrderConsumer.LOOP))
                    .isEqualTo(2);
            assertThat(flow.ledgerStats(voucher).orders()).isEqualTo(1);
        }
    }

    @Test
    void theRelaysSenderRestartsAfterAnErrorAndOnlyTheOrderInHandFails() throws Exception {
        try (OrderFlow flow = new OrderFlow()) {
            AtomicInteger encoded = new AtomicInteger();
            Function<OrderDelivery, byte[]> encoder = delivery -> {
                if (encoded.incrementAndGet() == 1) {
                    throw new StackOverflowError("injected into the relay's sender");
                }
                return new OrderMessages(SigningSettings.DEVELOPMENT).encode(delivery);
            };
            try (KafkaOrderPublisher publisher = new KafkaOrderPublisher(flow.kafka, flow.meters, encoder)) {
                VoucherId voucher = new VoucherId(42);
                SeckillOrder first = new SeckillOrder(new OrderId(1), new UserId(1), voucher, Instant.now());
                SeckillOrder second = new SeckillOrder(new OrderId(2), new UserId(2), voucher, Instant.now());

                var failed = publisher.publish(first).toCompletableFuture();
                await().atMost(Duration.ofSeconds(10)).until(failed::isDone);
                assertThat(failed).isCompletedExceptionally();
                await().atMost(Duration.ofSeconds(10)).until(publisher::sending);
                publisher.publish(second).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);

                assertThat(flow.counter("seckill.loop.restarts", "loop", KafkaOrderPublisher.LOOP))
                        .isEqualTo(1);
                try {
                    failed.join();
                } catch (CompletionException e) {
                    assertThat(e.getCause()).hasMessageContaining("StackOverflowError");
                }
            }
        }
    }
}
