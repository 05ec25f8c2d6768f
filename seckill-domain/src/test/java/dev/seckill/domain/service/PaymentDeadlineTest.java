package dev.seckill.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderChangeRefused;
import dev.seckill.domain.model.OrderChangeRefused.Reason;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.DomainFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pay, cancel and expire: the unit of an order that is not paid goes back on sale exactly once. */
class PaymentDeadlineTest {

    private final DomainFixture app = new DomainFixture();

    private SeckillOrder recorded(long user, VoucherId voucher) {
        var outcome = (SeckillOutcome.Accepted) app.placeOrder
                .place(new UserId(user), voucher)
                .toCompletableFuture()
                .join();
        SeckillOrder order = app.publisher.published().stream()
                .filter(o -> o.orderId().equals(outcome.orderId()))
                .findFirst()
                .orElseThrow();
        app.recordOrders(0).record(List.of(OrderDelivery.first(order)));
        return order;
    }

    private VoucherStats stats(VoucherId voucher) {
        return app.stats.stats(voucher).orElseThrow();
    }

    private static Reason refusal(Runnable change) {
        try {
            change.run();
        } catch (OrderChangeRefused e) {
            return e.reason();
        }
        throw new AssertionError("the change was not refused");
    }

    @Test
    void anOrderPaidInTimeIsPaidOnceAndChargedOnce() {
        VoucherId voucher = app.voucherOnSale(3);
        SeckillOrder order = recorded(1, voucher);

        OrderView paid = app.pay.pay(order.userId(), order.orderId());
        OrderView again = app.pay.pay(order.userId(), order.orderId());

        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(again).isEqualTo(paid);
        assertThat(app.payments.charges()).isEqualTo(1);
        assertThat(app.payments.kept()).containsExactly(order.orderId());
        assertThat(refusal(() -> app.cancel.cancel(order.userId(), order.orderId())))
                .isEqualTo(Reason.PAID);
        app.clock.advance(DomainFixture.PAYMENT_TIMEOUT.plusMinutes(1));
        assertThat(app.expire.expire()).isZero();
        assertThat(stats(voucher).ledgerStock()).isEqualTo(2);
    }

    @Test
    void anOrderRecordedLongAfterItsAcceptanceCanStillBePaidForTheWholeWindow() {
        VoucherId voucher = app.voucherOnSale(3);
        var accepted = (SeckillOutcome.Accepted) app.placeOrder
                .place(new UserId(1), voucher)
                .toCompletableFuture()
                .join();
        SeckillOrder order = app.publisher.published().get(0);
        // the consumer was down longer than the whole payment timeout
        app.clock.advance(DomainFixture.PAYMENT_TIMEOUT.plusMinutes(3));
        app.recordOrders(0).record(List.of(OrderDelivery.first(order)));
        OrderView recorded = app.lookUp.find(order.userId(), accepted.orderId()).orElseThrow();

        assertThat(recorded.payDeadline()).isEqualTo(app.clock.instant().plus(DomainFixture.PAYMENT_TIMEOUT));
        app.clock.advance(DomainFixture.PAYMENT_TIMEOUT.minusSeconds(1));
        assertThat(app.expire.expire()).as("nothing is due within the window").isZero();
        assertThat(app.pay.pay(order.userId(), order.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void onlyTheOwnerPaysAndAnOrderNotYetRecordedIsToBeAskedAgain() {
        VoucherId voucher = app.voucherOnSale(3);
        SeckillOrder order = recorded(1, voucher);
        var pending = (SeckillOutcome.Accepted) app.placeOrder
                .place(new UserId(2), voucher)
                .toCompletableFuture()
                .join();

        assertThat(refusal(() -> app.pay.pay(new UserId(9), order.orderId()))).isEqualTo(Reason.NOT_FOUND);
        assertThat(refusal(() -> app.pay.pay(new UserId(2), pending.orderId()))).isEqualTo(Reason.PENDING);
        assertThat(refusal(() -> app.cancel.cancel(new UserId(2), pending.orderId())))
                .isEqualTo(Reason.PENDING);
        assertThat(refusal(() -> app.pay.pay(new UserId(1), new OrderId(4242)))).isEqualTo(Reason.NOT_FOUND);
        assertThat(app.payments.charges()).isZero();
    }

    @Test
    void aCancelGivesTheUnitBackOnceAndTheBuyerMayBuyAgain() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder order = recorded(1, voucher);
        assertThat(app.placeOrder
                        .place(new UserId(2), voucher)
                        .toCompletableFuture()
                        .join())
                .isInstanceOf(SeckillOutcome.Rejected.class);

        OrderView cancelled = app.cancel.cancel(order.userId(), order.orderId());
        OrderView again = app.cancel.cancel(order.userId(), order.orderId());
        app.expire.expire();

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo(CancelReason.BUYER);
        assertThat(again).isEqualTo(cancelled);
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 1, 1, 0, 0, 1, 0, 0, 0, 1));
        assertThat(refusal(() -> app.pay.pay(order.userId(), order.orderId()))).isEqualTo(Reason.CANCELLED);
        SeckillOrder rebought = recorded(1, voucher);
        assertThat(rebought.orderId()).isNotEqualTo(order.orderId());
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 1, 0, 1, 0, 0, 1, 0, 0, 1));
        assertThat(app.ledger.unitsToReturn(10)).isEmpty();
    }

    @Test
    void anUnpaidOrderExpiresAtItsDeadlineAndALatePaymentNeverCounts() {
        VoucherId voucher = app.voucherOnSale(2);
        SeckillOrder late = recorded(1, voucher);
        SeckillOrder payer = recorded(2, voucher);
        app.pay.pay(payer.userId(), payer.orderId());

        app.clock.advance(DomainFixture.PAYMENT_TIMEOUT.minusSeconds(1));
        assertThat(app.expire.expire()).isZero();
        app.clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(() -> app.pay.pay(late.userId(), late.orderId())))
                .as("at the deadline")
                .isEqualTo(Reason.EXPIRED);
        assertThat(app.expire.expire()).isEqualTo(1);
        assertThat(app.expire.expire()).isZero();

        OrderView expired = app.lookUp.find(late.userId(), late.orderId()).orElseThrow();
        assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(expired.cancelReason()).isEqualTo(CancelReason.EXPIRED);
        assertThat(refusal(() -> app.pay.pay(late.userId(), late.orderId()))).isEqualTo(Reason.EXPIRED);
        assertThat(app.cancel.cancel(late.userId(), late.orderId())).isEqualTo(expired);
        assertThat(app.payments.kept()).containsExactly(payer.orderId());
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 2, 1, 1, 0, 1, 1, 0, 1, 1));
        assertThat(recorded(3, voucher)).as("the returned unit sells again").isNotNull();
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 2, 0, 2, 0, 0, 2, 0, 1, 1));
    }

    @Test
    void aPaymentThatLosesTheRaceToTheDeadlineIsRefunded() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder order = recorded(1, voucher);
        app.clock.advance(DomainFixture.PAYMENT_TIMEOUT.minusMillis(1));
        // the provider takes its time: the deadline passes while the charge is on its way
        app.payments.onCharge(() -> app.clock.advance(Duration.ofSeconds(1)));

        assertThat(refusal(() -> app.pay.pay(order.userId(), order.orderId()))).isEqualTo(Reason.EXPIRED);

        assertThat(app.payments.refunded()).containsExactly(order.orderId());
        assertThat(app.payments.kept()).isEmpty();
        assertThat(app.expire.expire()).isEqualTo(1);
        assertThat(stats(voucher).reservableStock()).isEqualTo(1);
    }

    @Test
    void reconcileReleasesTheReservationOfACancelledOrderInsteadOfPublishingItAgain() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder order = recorded(1, voucher);
        app.reservations.down(true);
        app.cancel.cancel(order.userId(), order.orderId());
        app.reservations.down(false);

        var report = app.reconcile.check(voucher);
        app.reconcile.fix(voucher);

        assertThat(report.orphaned()).extracting(SeckillOrder::orderId).containsExactly(order.orderId());
        assertThat(report.missing()).isEmpty();
        assertThat(app.reconcile.check(voucher).orphaned()).isEmpty();
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 1, 1, 0, 0, 1, 0, 0, 0, 1));
    }

    @Test
    void whenTheReservationStoreIsDownTheCancelStandsAndItsUnitGoesBackOnTheNextPass() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder order = recorded(1, voucher);
        app.reservations.down(true);

        OrderView cancelled = app.cancel.cancel(order.userId(), order.orderId());

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(app.ledger.unitsToReturn(10))
                .extracting(SeckillOrder::orderId)
                .containsExactly(order.orderId());
        assertThatThrownBy(app.expire::expire).isInstanceOf(ServiceUnavailableException.class);
        app.reservations.down(false);
        app.expire.expire();
        app.expire.expire();
        assertThat(app.ledger.unitsToReturn(10)).isEmpty();
        assertThat(stats(voucher)).isEqualTo(new VoucherStats(voucher, 1, 1, 0, 0, 1, 0, 0, 0, 1));
    }
}
