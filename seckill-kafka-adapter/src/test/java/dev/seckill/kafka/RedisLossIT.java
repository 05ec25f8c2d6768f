package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.testing.RecordingAlerts;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Redis loses a sale while its orders are still in Kafka (a restart without persistence, a failover
 * to an empty replica): the sale comes back from the database only once the consumers have
 * recorded every order of the voucher that was in the queue, with every buyer still holding one.
 */
class RedisLossIT {

    @Test
    void aLostSaleComesBackFromTheLedgerOnlyOnceTheQueueHasDrained() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(20);
            List<OrderId> before = new ArrayList<>();
            for (long user = 1; user <= 8; user++) {
                before.add(flow.place(user, voucher));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.redisStats(voucher).pendingOrders() == 0);

            loseTheFlowsKeys(flow);

            assertThatThrownBy(() -> flow.place(9, voucher))
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("being restored");
            // the eight orders wait in Kafka with no consumer: the sale must stay missing
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> flow.reservations.stats(voucher).isEmpty());

            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));
            OrderId ninth = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(CompletionException.class)
                    .until(() -> flow.place(9, voucher), id -> true);

            assertThat(before).allSatisfy(id -> assertThat(flow.status(id)).isEqualTo(OrderStatus.CREATED));
            for (long user = 1; user <= 8; user++) {
                assertThat(flow.placeOrder
                                .place(new UserId(user), voucher)
                                .toCompletableFuture()
                                .join())
                        .isEqualTo(new SeckillOutcome.AlreadyOrdered(before.get((int) user - 1)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.status(ninth) == OrderStatus.CREATED);
            assertThat(flow.redisStats(voucher).stock())
                    .isEqualTo(11)
                    .isEqualTo(flow.ledgerStats(voucher).stock());
            assertThat(flow.reservations.reservations(voucher)).isEqualTo(flow.recordedOrders(voucher));
        }
    }

    @Test
    void withThePublishedAcknowledgementAnOrderIsAnsweredOnlyOnceTheBrokerHasIt() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(5);
            PlaceSeckillOrderService published =
                    flow.placeOrder(new PlaceSeckillOrderService.Options(Duration.ZERO, Acknowledgement.PUBLISHED));
            SeckillOutcome outcome = published
                    .place(new UserId(1), voucher)
                    .toCompletableFuture()
                    .join();
            assertThat(outcome).isInstanceOf(SeckillOutcome.Accepted.class);
            OrderId orderId = ((SeckillOutcome.Accepted) outcome).orderId();

            // answered: so it is on the broker, and Redis losing everything now loses nothing
            loseTheFlowsKeys(flow);
            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.status(orderId) == OrderStatus.CREATED);
        }
    }

    @Test
    void theQueueIsFinishedUpToAMarkOnlyOnceTheRetriesItCausedAreRecorded() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(5);
            OrderId orderId = flow.place(1, voucher);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.redisStats(voucher).pendingOrders() == 0);
            QueueMark mark = flow.queue.mark(voucher);
            assertThat(flow.queue.finishedUpTo(mark)).as("no consumer yet").isFalse();

            // the first write fails: the order goes through the retry topic, 1 s later
            flow.consumer(flow.recordOrders(1, new RecordingAlerts()));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> flow.queue.finishedUpTo(mark));

            assertThat(flow.status(orderId)).isEqualTo(OrderStatus.CREATED);
        }
    }

    /** What FLUSHALL does to the flow: every key of its Redis prefix is gone. */
    private static void loseTheFlowsKeys(OrderFlow flow) {
        RedisClient client = RedisClient.create(TestServices.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            ScanArgs ours = ScanArgs.Builder.matches(flow.name + ":*").limit(10_000);
            KeyScanCursor<String> cursor = redis.sync().scan(ours);
            List<String> keys = new ArrayList<>(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = redis.sync().scan(cursor, ours);
                keys.addAll(cursor.getKeys());
            }
            assertThat(keys).as("the flow's sale keys").isNotEmpty();
            redis.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }
}
