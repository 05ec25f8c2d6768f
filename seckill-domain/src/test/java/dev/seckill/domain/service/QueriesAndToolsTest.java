package dev.seckill.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import dev.seckill.domain.port.in.Reconcile;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.DomainFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueriesAndToolsTest {

    private final DomainFixture app = new DomainFixture();

    private SeckillOrder accepted(long user, VoucherId voucher) {
        var outcome = (SeckillOutcome.Accepted) app.placeOrder
                .place(new UserId(user), voucher)
                .toCompletableFuture()
                .join();
        return app.publisher.published().stream()
                .filter(o -> o.orderId().equals(outcome.orderId()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anOrderIsPendingThenCreatedAndOnlyItsOwnerSeesIt() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);

        assertThat(app.lookUp.find(order.userId(), order.orderId())).hasValueSatisfying(view -> {
            assertThat(view.status()).isEqualTo(OrderStatus.PENDING);
            assertThat(view.voucherId()).isEqualTo(voucher);
        });
        app.recordOrders(0).record(List.of(OrderDelivery.first(order)));

        assertThat(app.lookUp
                        .find(order.userId(), order.orderId())
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.CREATED);
        assertThat(app.lookUp.find(new UserId(2), order.orderId())).isEmpty();
        assertThat(app.lookUp.find(order.userId(), new OrderId(424242))).isEmpty();
    }

    @Test
    void statsPutRedisAndTheDatabaseSideBySide() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder recorded = accepted(1, voucher);
        accepted(2, voucher);
        app.recordOrders(0).record(List.of(OrderDelivery.first(recorded)));

        assertThat(app.stats.stats(voucher)).contains(new VoucherStats(voucher, 5, 3, 2, 0, 4, 1, 0));
        assertThat(app.stats.stats(new VoucherId(777))).isEmpty();
    }

    @Test
    void aReplayReReservesUnlessSoldOutOrAlreadyOrdered() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder failed = accepted(1, voucher);
        app.recordOrders(0).deadLettered(new OrderDelivery(failed, 3, null, "deadlock"));
        SeckillOrder other = accepted(2, voucher);

        assertThat(app.replay.replay(failed)).isEqualTo(Reservation.SOLD_OUT);
        app.recordOrders(0).deadLettered(new OrderDelivery(other, 3, null, "deadlock"));

        assertThat(app.replay.replay(failed)).isEqualTo(Reservation.RESERVED);
        assertThat(app.ledger.find(failed.orderId())).as("no longer failed").isEmpty();
        assertThat(app.publisher.published()).extracting(SeckillOrder::orderId).contains(failed.orderId());
        assertThat(app.replay.replay(failed)).isEqualTo(Reservation.SOLD_OUT);
    }

    @Test
    void aReplayWhoseFailedMarkCannotBeClearedHoldsNoReservation() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder failed = accepted(1, voucher);
        app.recordOrders(0).deadLettered(new OrderDelivery(failed, 3, null, "deadlock"));
        app.ledger.down(true);

        assertThatThrownBy(() -> app.replay.replay(failed)).isInstanceOf(ServiceUnavailableException.class);

        assertThat(app.reservations.reservedOrder(voucher, failed.userId()))
                .as("not stranded")
                .isEmpty();
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(1);
        app.ledger.down(false);
        assertThat(app.ledger.find(failed.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(app.replay.replay(failed)).isEqualTo(Reservation.RESERVED);
    }

    @Test
    void reconcileFindsMissingAndOrphanedOrdersAndFixesThem() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder recorded = accepted(1, voucher);
        SeckillOrder lost = accepted(2, voucher);
        SeckillOrder failed = accepted(3, voucher);
        app.recordOrders(0).record(List.of(OrderDelivery.first(recorded)));
        app.ledger.markFailed(failed, "deadlock"); // failed, but its reservation was never released

        Reconcile.Report report = app.reconcile.check(voucher);

        assertThat(report.reserved()).isEqualTo(3);
        assertThat(report.recorded()).isEqualTo(1);
        assertThat(report.missing()).extracting(SeckillOrder::orderId).containsExactly(lost.orderId());
        assertThat(report.orphaned()).extracting(SeckillOrder::orderId).containsExactly(failed.orderId());
        assertThat(report.consistent()).isFalse();

        int publishedBefore = app.publisher.published().size();
        app.reconcile.fix(voucher);

        assertThat(app.publisher.published()).hasSize(publishedBefore + 1);
        assertThat(app.reservations.reservedOrder(voucher, failed.userId())).isEmpty();
        app.recordOrders(0).record(List.of(OrderDelivery.first(lost)));
        assertThat(app.reconcile.check(voucher).consistent()).isTrue();
    }
}
