package dev.seckill.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Rejection;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.DomainFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlaceSeckillOrderServiceTest {

    private final DomainFixture app = new DomainFixture();

    private SeckillOutcome place(long user, VoucherId voucher) {
        return app.placeOrder
                .place(new UserId(user), voucher)
                .toCompletableFuture()
                .join();
    }

    @Test
    void acceptsPublishesAndClearsThePendingRecord() {
        VoucherId voucher = app.voucherOnSale(10);

        SeckillOutcome outcome = place(1, voucher);

        assertThat(outcome).isInstanceOf(SeckillOutcome.Accepted.class);
        OrderId orderId = ((SeckillOutcome.Accepted) outcome).orderId();
        assertThat(app.publisher.published()).extracting(SeckillOrder::orderId).containsExactly(orderId);
        assertThat(app.reservations.stats(voucher).orElseThrow().pendingOrders())
                .isZero();
        assertThat(app.relay.inFlight()).isZero();
    }

    @Test
    void rejectsForEveryBusinessReason() {
        VoucherId voucher = app.voucherOnSale(1);
        place(1, voucher);
        VoucherId later = app.register.register(DomainFixture.newVoucher(
                5,
                new SaleWindow(
                        app.clock.instant().plus(Duration.ofHours(1)),
                        app.clock.instant().plus(Duration.ofHours(2)))));
        VoucherId over = app.register.register(DomainFixture.newVoucher(
                5,
                new SaleWindow(
                        app.clock.instant().minus(Duration.ofHours(2)),
                        app.clock.instant().minus(Duration.ofHours(1)))));

        assertThat(place(1, voucher)).isEqualTo(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));
        assertThat(place(2, voucher)).isEqualTo(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));
        assertThat(place(2, later)).isEqualTo(new SeckillOutcome.Rejected(Rejection.NOT_STARTED));
        assertThat(place(2, over)).isEqualTo(new SeckillOutcome.Rejected(Rejection.ENDED));
        assertThat(place(2, new VoucherId(999))).isEqualTo(new SeckillOutcome.Rejected(Rejection.UNKNOWN_VOUCHER));
        assertThat(app.publisher.published()).hasSize(1);
    }

    @Test
    void aUserOrdersOnce() {
        VoucherId voucher = app.voucherOnSale(10);
        place(1, voucher);

        assertThat(place(1, voucher))
                .as("asked again: told which order it holds")
                .isEqualTo(new SeckillOutcome.AlreadyOrdered(
                        app.publisher.published().get(0).orderId()));
    }

    @Test
    void failsWithUnavailableWhenRedisIsDownAndHoldsNothing() {
        VoucherId voucher = app.voucherOnSale(10);
        app.reservations.down(true);

        assertThatThrownBy(() -> place(1, voucher))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ServiceUnavailableException.class);

        app.reservations.down(false);
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(10);
        assertThat(app.publisher.published()).isEmpty();
    }

    @Test
    void whileTheBrokerIsDownOrdersStayPendingAndAreSweptWhenItIsBack() {
        VoucherId voucher = app.voucherOnSale(10);
        app.publisher.down(true);

        place(1, voucher);
        place(2, voucher);
        assertThat(app.reservations.stats(voucher).orElseThrow().pendingOrders())
                .isEqualTo(2);

        app.publisher.down(false);
        assertThat(app.relay.sweep()).as("too young to sweep").isZero();
        app.clock.advance(DomainFixture.STALE_AFTER);
        assertThat(app.relay.sweep()).isEqualTo(2);

        assertThat(app.publisher.published()).hasSize(2);
        assertThat(app.reservations.stats(voucher).orElseThrow().pendingOrders())
                .isZero();
    }

    @Test
    void aSoldOutAnswerIsRememberedForAMomentThenAskedAgain() {
        var memo =
                app.placeOrder(new PlaceSeckillOrderService.Options(Duration.ofMillis(500), Acknowledgement.RESERVED));
        VoucherId voucher = app.voucherOnSale(1);
        assertThat(memo.place(new UserId(1), voucher).toCompletableFuture().join())
                .isInstanceOf(SeckillOutcome.Accepted.class);
        assertThat(memo.place(new UserId(2), voucher).toCompletableFuture().join())
                .isEqualTo(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));

        // the unit comes back (say the order was dead-lettered): the memo still answers sold out for its moment
        app.reservations.release(app.publisher.published().get(0));
        assertThat(memo.place(new UserId(3), voucher).toCompletableFuture().join())
                .isEqualTo(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));
        assertThat(app.reservations.stats(voucher).orElseThrow().stock())
                .as("the store was not asked")
                .isEqualTo(1);

        app.clock.advance(Duration.ofMillis(500));
        assertThat(memo.place(new UserId(3), voucher).toCompletableFuture().join())
                .isInstanceOf(SeckillOutcome.Accepted.class);
    }

    @Test
    void thousandsOfConcurrentBuyersNeverOversellNorBuyTwice() throws Exception {
        int stock = 50;
        int users = 3_000;
        VoucherId voucher = app.voucherOnSale(stock);
        ExecutorService threads = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SeckillOutcome>> answers = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                for (long user = 1; user <= users; user++) {
                    long buyer = user;
                    answers.add(threads.submit(() -> {
                        start.await();
                        return place(buyer, voucher);
                    }));
                }
            }
            start.countDown();
            long accepted = 0;
            for (Future<SeckillOutcome> answer : answers) {
                if (answer.get(30, TimeUnit.SECONDS) instanceof SeckillOutcome.Accepted) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(stock);
        } finally {
            threads.shutdownNow();
        }
        List<SeckillOrder> published = app.publisher.published();
        assertThat(published).hasSize(stock);
        assertThat(published).extracting(SeckillOrder::userId).doesNotHaveDuplicates();
        assertThat(published).extracting(SeckillOrder::orderId).doesNotHaveDuplicates();
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isZero();
    }
}
