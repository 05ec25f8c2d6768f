package dev.seckill.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Rejection;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.Reconcile;
import dev.seckill.domain.port.in.RestoreSale;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.DomainFixture;
import dev.seckill.domain.testing.InMemoryStockReservations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestoreSaleServiceTest {

    private final DomainFixture app = new DomainFixture();

    private SeckillOutcome place(long user, VoucherId voucher) {
        return app.placeOrder
                .place(new UserId(user), voucher)
                .toCompletableFuture()
                .join();
    }

    private void recordEverythingPublished() {
        app.recordOrders(0)
                .record(app.publisher.published().stream()
                        .map(OrderDelivery::first)
                        .toList());
    }

    @Test
    void aLostSaleAnswersUnavailableUntilTheQueueHasDrainedThenSellsOnFromTheLedger() {
        VoucherId voucher = app.voucherOnSale(10);
        place(1, voucher);
        place(2, voucher);
        place(3, voucher);
        app.recordOrders(0)
                .record(List.of(OrderDelivery.first(app.publisher.published().get(0))));
        app.reservations.loseEverything();

        // two orders still in the queue: the sale must not come back yet
        assertThatThrownBy(() -> place(4, voucher))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("being restored");
        assertThat(app.reservations.stats(voucher)).isEmpty();

        recordEverythingPublished();
        app.queue.finishAll();
        assertThatThrownBy(() -> place(4, voucher)).hasCauseInstanceOf(ServiceUnavailableException.class);

        assertThat(app.reservations.stats(voucher)).contains(new ReservationStats(10, 7, 3, 0));
        assertThat(place(1, voucher))
                .as("holders come back from the ledger")
                .isInstanceOf(SeckillOutcome.AlreadyOrdered.class);
        assertThat(place(4, voucher)).isInstanceOf(SeckillOutcome.Accepted.class);
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(6);
    }

    @Test
    void aFailoverToAReplicaThatMissedReservationsLosesNoOrderAndLetsNoBuyerBuyTwice() {
        VoucherId voucher = app.voucherOnSale(10);
        place(1, voucher);
        place(2, voucher);
        InMemoryStockReservations.Replica lagging = app.reservations.replicate();
        // accepted (answered 200) after the replica stopped receiving
        assertThat(place(3, voucher)).isInstanceOf(SeckillOutcome.Accepted.class);
        assertThat(place(4, voucher)).isInstanceOf(SeckillOutcome.Accepted.class);
        app.reservations.failOver(lagging);

        assertThat(app.reservations.saleCopy(voucher)).isEqualTo(SaleCopy.BEHIND);
        assertThatThrownBy(() -> place(3, voucher))
                .as("the buyer whose reservation the replica lost cannot buy again")
                .hasCauseInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> place(5, voucher)).hasCauseInstanceOf(ServiceUnavailableException.class);
        assertThat(app.reservations.stats(voucher).orElseThrow().reservedUsers())
                .as("nothing held while behind")
                .isEqualTo(2);

        // the queue drains: all four accepted orders are recorded, the two the replica lost among them
        recordEverythingPublished();
        app.queue.finishAll();
        assertThatThrownBy(() -> place(5, voucher)).hasCauseInstanceOf(ServiceUnavailableException.class);

        assertThat(app.reservations.saleCopy(voucher)).isEqualTo(SaleCopy.SOUND);
        assertThat(app.ledger.stats(voucher).orElseThrow().orders()).isEqualTo(4);
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(6);
        assertThat(app.reservations.stats(voucher).orElseThrow().reservedUsers())
                .isEqualTo(4);
        assertThat(place(3, voucher)).isInstanceOf(SeckillOutcome.AlreadyOrdered.class);
        assertThat(place(5, voucher)).isInstanceOf(SeckillOutcome.Accepted.class);
    }

    @Test
    void aVoucherTheCatalogueDoesNotKnowIsStillNotFound() {
        assertThat(place(1, new VoucherId(999))).isEqualTo(new SeckillOutcome.Rejected(Rejection.UNKNOWN_VOUCHER));
        assertThat(app.restore.restore(new VoucherId(999))).isEqualTo(RestoreSale.Result.UNKNOWN_VOUCHER);
    }

    @Test
    void aSaleTheStoreStillHasIsLeftAlone() {
        VoucherId voucher = app.voucherOnSale(3);
        place(1, voucher);

        assertThat(app.restore.restore(voucher)).isEqualTo(RestoreSale.Result.NOT_MISSING);
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(2);
    }

    @Test
    void oneRestorerAtATime() {
        VoucherId voucher = app.voucherOnSale(3);
        app.reservations.loseEverything();
        var claim = app.reservations.claim(voucher, Duration.ofMinutes(1)).orElseThrow();

        assertThat(app.restore.restore(voucher)).isEqualTo(RestoreSale.Result.CLAIMED_ELSEWHERE);
        assertThat(app.reservations.stats(voucher)).isEmpty();

        app.reservations.drop(claim);
        assertThat(app.restore.restore(voucher)).isEqualTo(RestoreSale.Result.RESTORED);
        assertThat(app.reservations.restore(claim, app.catalogue.find(voucher).orElseThrow(), 0, java.util.Map.of()))
                .as("a lapsed claim restores nothing")
                .isFalse();
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(3);
    }

    @Test
    void reconcileReportsAMissingSaleAndFixRestoresIt() {
        VoucherId voucher = app.voucherOnSale(5);
        place(1, voucher);
        recordEverythingPublished();
        app.queue.finishAll();
        app.reservations.loseEverything();

        assertThat(app.reconcile.check(voucher).sale()).isEqualTo(Reconcile.SaleState.MISSING);
        assertThat(app.reconcile.check(voucher).consistent()).isFalse();
        assertThat(app.reconcile.fix(voucher).sale()).isEqualTo(Reconcile.SaleState.RESTORED);
        Reconcile.Report after = app.reconcile.check(voucher);
        assertThat(after.consistent()).isTrue();
        assertThat(after.reserved()).isEqualTo(1);
    }

    @Test
    void reconcileGivesTheStoreBackTheReservationsItFellBehindOn() {
        VoucherId voucher = app.voucherOnSale(5);
        place(1, voucher);
        place(2, voucher);
        recordEverythingPublished();
        // the store loses its last write: one reservation and its unit (release does exactly that)
        app.reservations.release(app.publisher.published().get(1));

        Reconcile.Report behind = app.reconcile.check(voucher);
        assertThat(behind.unreserved()).hasSize(1);
        app.reconcile.fix(voucher);

        assertThat(app.reconcile.check(voucher).consistent()).isTrue();
        assertThat(app.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(3);
        assertThat(place(2, voucher)).isInstanceOf(SeckillOutcome.AlreadyOrdered.class);
    }

    @Test
    void thePublishedAcknowledgementAnswersOnlyOnceTheQueueHasTheOrder() {
        var published = app.placeOrder(new PlaceSeckillOrderService.Options(Duration.ZERO, Acknowledgement.PUBLISHED));
        VoucherId voucher = app.voucherOnSale(5);
        app.publisher.down(true);

        assertThatThrownBy(() -> published
                        .place(new UserId(1), voucher)
                        .toCompletableFuture()
                        .join())
                .hasCauseInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("not yet confirmed");
        assertThat(app.reservations.stats(voucher).orElseThrow().pendingOrders())
                .as("held and pending: the sweeper sends it")
                .isEqualTo(1);

        app.publisher.down(false);
        assertThat(published.place(new UserId(2), voucher).toCompletableFuture().join())
                .isInstanceOf(SeckillOutcome.Accepted.class);
        assertThat(app.publisher.published()).extracting(SeckillOrder::userId).containsExactly(new UserId(2));
        assertThat(published.place(new UserId(1), voucher).toCompletableFuture().join())
                .isInstanceOf(SeckillOutcome.AlreadyOrdered.class);
    }

    @Test
    void aBuyerWaitsForTheQueueNoLongerThanTheAcknowledgeWaitAndThePublishGoesOn() {
        var published = app.placeOrder(
                new PlaceSeckillOrderService.Options(Duration.ZERO, Acknowledgement.PUBLISHED, Duration.ofMillis(100)));
        VoucherId voucher = app.voucherOnSale(5);
        app.publisher.stall();

        assertThatThrownBy(() -> published
                        .place(new UserId(1), voucher)
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("not yet confirmed");
        assertThat(app.relay.inFlight())
                .as("the relay's publish is not given up")
                .isEqualTo(1);

        app.publisher.letGo();
        assertThat(app.publisher.published()).extracting(SeckillOrder::userId).containsExactly(new UserId(1));
        assertThat(app.relay.inFlight()).isZero();
        assertThat(published.place(new UserId(1), voucher).toCompletableFuture().join())
                .isInstanceOf(SeckillOutcome.AlreadyOrdered.class);
    }

    @Test
    void whileAnotherInstanceRestoresRequestsTryAgainOnlyAfterAMoment() {
        VoucherId voucher = app.voucherOnSale(3);
        app.reservations.loseEverything();
        assertThat(app.reservations.claim(voucher, Duration.ofMinutes(1))).isPresent();
        AtomicInteger claims = new AtomicInteger();
        SaleRestorations counting = new SaleRestorations() {
            @Override
            public Optional<RestoreClaim> claim(VoucherId voucherId, Duration lease) {
                claims.incrementAndGet();
                return app.reservations.claim(voucherId, lease);
            }

            @Override
            public boolean renew(RestoreClaim claim, Duration lease) {
                return app.reservations.renew(claim, lease);
            }

            @Override
            public boolean restore(RestoreClaim claim, VoucherSale sale, long stock, Map<UserId, OrderId> holders) {
                return app.reservations.restore(claim, sale, stock, holders);
            }

            @Override
            public void drop(RestoreClaim claim) {
                app.reservations.drop(claim);
            }
        };
        var restore = new RestoreSaleService(
                app.catalogue,
                app.reservations,
                app.reservations,
                app.ledger,
                counting,
                app.queue,
                new RestoreSaleService.Timing(
                        Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                Runnable::run);

        for (int request = 0; request < 5; request++) {
            assertThat(restore.restoreInBackground(voucher)).as("answer 503").isTrue();
        }

        assertThat(claims.get())
                .as("one attempt, then a pause instead of one per request")
                .isEqualTo(1);
    }
}
