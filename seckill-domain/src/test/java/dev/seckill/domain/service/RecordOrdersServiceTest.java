package dev.seckill.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.Disposition.Kind;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.DomainFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordOrdersServiceTest {

    private final DomainFixture app = new DomainFixture();
    private final RecordOrders recordOrders = app.recordOrders(0);

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

    private List<Kind> kinds(List<Disposition> dispositions) {
        return dispositions.stream().map(Disposition::kind).toList();
    }

    @Test
    void recordsNewOrdersAndRecognisesRedeliveries() {
        VoucherId voucher = app.voucherOnSale(5);
        OrderDelivery first = OrderDelivery.first(accepted(1, voucher));
        OrderDelivery second = OrderDelivery.first(accepted(2, voucher));

        assertThat(kinds(recordOrders.record(List.of(first, second)))).containsExactly(Kind.CREATED, Kind.CREATED);
        assertThat(kinds(recordOrders.record(List.of(second)))).containsExactly(Kind.ALREADY_RECORDED);
        assertThat(app.ledger.stats(voucher).orElseThrow().stock()).isEqualTo(3);
    }

    @Test
    void releasesTheReservationWhenTheDatabaseStockIsExhausted() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);
        // the database sold its last unit elsewhere: Redis and the database disagree
        app.ledger.record(List.of(1, 2, 3, 4, 5).stream()
                .map(u -> new SeckillOrder(new OrderId(1000 + u), new UserId(100 + u), voucher, app.clock.instant()))
                .toList());

        assertThat(kinds(recordOrders.record(List.of(OrderDelivery.first(order)))))
                .containsExactly(Kind.RELEASED);
        assertThat(app.reservations.reservedOrder(voucher, order.userId())).isEmpty();
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(5);
    }

    @Test
    void retriesAFailedWriteWithExponentialBackOffThenDeadLettersIt() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);
        app.ledger.failing(order.orderId(), "deadlock");

        OrderDelivery delivery = OrderDelivery.first(order);
        for (int retry = 1; retry <= 3; retry++) {
            Disposition disposition = recordOrders.record(List.of(delivery)).get(0);
            assertThat(disposition.kind()).isEqualTo(Kind.RETRY);
            assertThat(disposition.next().retryCount()).isEqualTo(retry);
            assertThat(disposition.next().lastError()).isEqualTo("deadlock");
            assertThat(Duration.between(app.clock.instant(), disposition.next().nextRetryAt()))
                    .isEqualTo(Duration.ofSeconds(1L << (retry - 1)));
            delivery = disposition.next();
        }
        Disposition last = recordOrders.record(List.of(delivery)).get(0);
        assertThat(last.kind()).isEqualTo(Kind.DEAD_LETTER);
        assertThat(last.next().retryCount()).isEqualTo(3);
        assertThat(app.reservations.reservedOrder(voucher, order.userId()))
                .as("held until the DLQ has it")
                .isPresent();
    }

    @Test
    void aDeadLetteredOrderIsReleasedMarkedFailedAndAlertedOnce() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);
        OrderDelivery delivery = new OrderDelivery(order, 3, app.clock.instant(), "deadlock");

        recordOrders.deadLettered(delivery);
        recordOrders.deadLettered(delivery);

        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(5);
        assertThat(app.ledger.find(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(app.alerts.failedOrders())
                .extracting(d -> d.order().orderId())
                .contains(order.orderId());
    }

    @Test
    void aStaleDeliveryDeadLetteredAfterAnotherDeliveryWasRecordedGivesNoUnitBack() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);
        recordOrders.record(List.of(OrderDelivery.first(order)));

        // a copy of the order that went the retry road (say a redelivery) ends in the DLQ after the original was
        // recorded
        recordOrders.deadLettered(new OrderDelivery(order, 3, app.clock.instant(), "deadlock"));

        assertThat(app.ledger.find(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.CREATED);
        assertThat(app.reservations.reservedOrder(voucher, order.userId()))
                .as("the unit stays sold")
                .contains(order.orderId());
        assertThat(app.reservations.stats(voucher).orElseThrow().stock())
                .isEqualTo(4)
                .isEqualTo(app.ledger.stats(voucher).orElseThrow().stock());
        assertThat(app.alerts.failedOrders()).isEmpty();
    }

    @Test
    void anOrderWhoseReservationAFailoverLostIsRecordedAndTheStoreTakesItsUnitAgain() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder kept = accepted(1, voucher);
        SeckillOrder lost = accepted(2, voucher);
        // the replica that took over never had the second reservation
        app.reservations.release(lost);

        List<Disposition> dispositions =
                recordOrders.record(List.of(OrderDelivery.first(kept), OrderDelivery.first(lost)));

        assertThat(kinds(dispositions)).containsExactly(Kind.CREATED, Kind.CREATED);
        assertThat(app.reservations.reservedOrder(voucher, lost.userId())).contains(lost.orderId());
        assertThat(app.reservations.stats(voucher).orElseThrow().stock())
                .isEqualTo(3)
                .isEqualTo(app.ledger.stats(voucher).orElseThrow().stock());
        assertThat(kinds(recordOrders.record(List.of(OrderDelivery.first(lost)))))
                .as("delivered again: recorded once, its unit taken once")
                .containsExactly(Kind.ALREADY_RECORDED);
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(3);
    }

    @Test
    void anOrderWhoseLostReservationHasNoUnitLeftIsDeadLetteredAsSoldOutNeverOversold() {
        VoucherId voucher = app.voucherOnSale(1);
        SeckillOrder lost = accepted(1, voucher);
        app.reservations.release(lost);
        // the unit the store got back is sold again and recorded first
        SeckillOrder resold = accepted(2, voucher);
        assertThat(kinds(recordOrders.record(List.of(OrderDelivery.first(resold)))))
                .containsExactly(Kind.CREATED);

        List<Disposition> dispositions = recordOrders.record(List.of(OrderDelivery.first(lost)));

        assertThat(kinds(dispositions)).containsExactly(Kind.DEAD_LETTER);
        assertThat(dispositions.get(0).next().lastError()).isEqualTo(RecordOrdersService.NO_UNIT_LEFT);
        recordOrders.deadLettered(dispositions.get(0).next());
        assertThat(app.ledger.find(lost.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(app.ledger.stats(voucher).orElseThrow().orders()).isEqualTo(1);
        assertThat(app.reservations.reservedOrder(voucher, resold.userId())).contains(resold.orderId());
        assertThat(app.reservations.stats(voucher).orElseThrow().stock())
                .isZero()
                .isEqualTo(app.ledger.stats(voucher).orElseThrow().stock());
    }

    @Test
    void ordersOfASaleBeingRestoredAreRecorded() {
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);
        app.reservations.loseEverything();

        assertThat(kinds(recordOrders.record(List.of(OrderDelivery.first(order)))))
                .containsExactly(Kind.CREATED);
    }

    @Test
    void anOrderThatBreaksTheBatchGoesDownTheRetryRoadAloneAndTheOthersAreRecorded() {
        VoucherId voucher = app.voucherOnSale(10);
        List<SeckillOrder> orders = List.of(
                accepted(1, voucher),
                accepted(2, voucher),
                accepted(3, voucher),
                accepted(4, voucher),
                accepted(5, voucher));
        app.ledger.breaking(orders.get(3).orderId());

        List<Disposition> dispositions =
                recordOrders.record(orders.stream().map(OrderDelivery::first).toList());

        assertThat(kinds(dispositions))
                .containsExactly(Kind.CREATED, Kind.CREATED, Kind.CREATED, Kind.RETRY, Kind.CREATED);
        assertThat(dispositions.get(3).next().lastError()).contains("simulated poison");
        assertThat(app.ledger.stats(voucher).orElseThrow().orders()).isEqualTo(4);
    }

    @Test
    void forcedFailuresFailWhileTheRetryCountIsBelowTheLimit() {
        RecordOrders forced = app.recordOrders(2);
        VoucherId voucher = app.voucherOnSale(5);
        SeckillOrder order = accepted(1, voucher);

        Disposition first = forced.record(List.of(OrderDelivery.first(order))).get(0);
        Disposition second = forced.record(List.of(first.next())).get(0);
        Disposition third = forced.record(List.of(second.next())).get(0);

        assertThat(List.of(first.kind(), second.kind(), third.kind()))
                .containsExactly(Kind.RETRY, Kind.RETRY, Kind.CREATED);
        assertThat(first.next().lastError()).isEqualTo(ForcedRecordFailures.REASON);
    }

    @Test
    void forcedFailuresSpareTheDeliveriesPastTheLimitAndKeepTheBatchsOrder() {
        RecordOrders forced = app.recordOrders(1);
        VoucherId voucher = app.voucherOnSale(5);
        OrderDelivery retried = OrderDelivery.first(accepted(1, voucher)).retried(app.clock.instant(), "earlier");
        OrderDelivery fresh = OrderDelivery.first(accepted(2, voucher));

        List<Disposition> dispositions = forced.record(List.of(fresh, retried));

        assertThat(dispositions).extracting(Disposition::delivery).containsExactly(fresh, retried);
        assertThat(kinds(dispositions)).containsExactly(Kind.RETRY, Kind.CREATED);
        assertThat(app.ledger.stats(voucher).orElseThrow().orders()).isEqualTo(1);
    }

    @Test
    void anOutageIsNotAFailure() {
        VoucherId voucher = app.voucherOnSale(5);
        OrderDelivery delivery = OrderDelivery.first(accepted(1, voucher));
        app.ledger.down(true);

        assertThatThrownBy(() -> recordOrders.record(List.of(delivery)))
                .isInstanceOf(ServiceUnavailableException.class);

        app.ledger.down(false);
        assertThat(kinds(recordOrders.record(List.of(delivery)))).containsExactly(Kind.CREATED);
    }
}
