package dev.seckill.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StockReservations} (with its {@link PendingOrders}) must do. Each test uses
 * fresh random ids, so a shared server needs no cleaning between tests.
 */
public abstract class StockReservationsContract {

    private static final AtomicLong ORDER_IDS =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));

    protected abstract StockReservations reservations();

    protected abstract PendingOrders pending();

    /** The store's own notion of now; sale windows are set around it. */
    protected Instant now() {
        return Instant.now();
    }

    protected static VoucherId freshVoucher() {
        return new VoucherId(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
    }

    protected static UserId user(long id) {
        return new UserId(id);
    }

    protected SeckillOrder order(VoucherId voucher, UserId user) {
        return new SeckillOrder(new OrderId(ORDER_IDS.incrementAndGet()), user, voucher, now());
    }

    protected VoucherId onSale(int stock) {
        VoucherId voucher = freshVoucher();
        Instant now = now();
        assertThat(reservations()
                        .load(new VoucherSale(
                                voucher,
                                stock,
                                new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))))
                .isTrue();
        return voucher;
    }

    protected Reservation reserve(SeckillOrder order) {
        return reservations().reserve(order).toCompletableFuture().join();
    }

    @Test
    void reservesOneUnitAndRecordsTheUserAndThePendingOrder() {
        VoucherId voucher = onSale(2);
        SeckillOrder order = order(voucher, user(1));

        assertThat(reserve(order)).isEqualTo(Reservation.RESERVED);

        var stats = reservations().stats(voucher).orElseThrow();
        assertThat(stats.stock()).isEqualTo(1);
        assertThat(stats.initialStock()).isEqualTo(2);
        assertThat(stats.reservedUsers()).isEqualTo(1);
        assertThat(stats.pendingOrders()).isEqualTo(1);
        assertThat(reservations().reservedOrder(voucher, user(1))).contains(order.orderId());
        assertThat(reservations().reservations(voucher))
                .containsEntry(user(1), order.orderId())
                .hasSize(1);
        assertThat(pending().olderThan(voucher, Duration.ZERO, 10))
                .extracting(SeckillOrder::orderId, SeckillOrder::userId, SeckillOrder::voucherId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(order.orderId(), order.userId(), voucher));
    }

    @Test
    void rejectsASecondOrderOfTheSameUser() {
        VoucherId voucher = onSale(5);
        assertThat(reserve(order(voucher, user(7)))).isEqualTo(Reservation.RESERVED);

        assertThat(reserve(order(voucher, user(7)))).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(4);
    }

    @Test
    void rejectsWhenSoldOut() {
        VoucherId voucher = onSale(1);
        assertThat(reserve(order(voucher, user(1)))).isEqualTo(Reservation.RESERVED);

        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.SOLD_OUT);
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isZero();
        assertThat(reservations().reservedOrder(voucher, user(2))).isEmpty();
    }

    @Test
    void rejectsBeforeTheWindowAndAfterIt() {
        Instant now = now();
        VoucherId early = freshVoucher();
        reservations()
                .load(new VoucherSale(
                        early, 5, new SaleWindow(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)))));
        VoucherId late = freshVoucher();
        reservations()
                .load(new VoucherSale(
                        late, 5, new SaleWindow(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))));

        assertThat(reserve(order(early, user(1)))).isEqualTo(Reservation.NOT_STARTED);
        assertThat(reserve(order(late, user(1)))).isEqualTo(Reservation.ENDED);
        assertThat(reservations().stats(early).orElseThrow().stock()).isEqualTo(5);
        assertThat(reservations().stats(late).orElseThrow().stock()).isEqualTo(5);
    }

    @Test
    void answersUnknownVoucherForASaleNeverLoaded() {
        VoucherId voucher = freshVoucher();

        assertThat(reserve(order(voucher, user(1)))).isEqualTo(Reservation.UNKNOWN_VOUCHER);
        assertThat(reservations().stats(voucher)).isEmpty();
    }

    @Test
    void reloadingAnOngoingSaleKeepsItsStock() {
        VoucherId voucher = onSale(3);
        reserve(order(voucher, user(1)));
        Instant now = now();

        boolean loaded = reservations()
                .load(new VoucherSale(
                        voucher, 3, new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)))));

        assertThat(loaded).isFalse();
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(2);
    }

    @Test
    void releasingTwiceGivesTheUnitBackOnce() {
        VoucherId voucher = onSale(3);
        SeckillOrder order = order(voucher, user(1));
        reserve(order);

        assertThat(reservations().release(order)).isTrue();
        assertThat(reservations().release(order)).isFalse();

        var stats = reservations().stats(voucher).orElseThrow();
        assertThat(stats.stock()).isEqualTo(3);
        assertThat(stats.reservedUsers()).isZero();
        assertThat(stats.pendingOrders()).isZero();
        assertThat(reserve(order(voucher, user(1))))
                .as("the user may buy again")
                .isEqualTo(Reservation.RESERVED);
    }

    @Test
    void releasingAnOrderThatDoesNotHoldTheReservationChangesNothing() {
        VoucherId voucher = onSale(3);
        SeckillOrder held = order(voucher, user(1));
        reserve(held);

        assertThat(reservations().release(order(voucher, user(1))))
                .as("same user, other order")
                .isFalse();
        assertThat(reservations().release(order(voucher, user(2))))
                .as("unknown order")
                .isFalse();
        assertThat(reservations().release(order(freshVoucher(), user(1))))
                .as("unknown voucher")
                .isFalse();

        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(2);
        assertThat(reservations().reservedOrder(voucher, user(1))).contains(held.orderId());
    }

    @Test
    void reservingAgainIgnoresTheWindowButNotTheStockNorTheUser() {
        Instant now = now();
        VoucherId voucher = freshVoucher();
        reservations()
                .load(new VoucherSale(
                        voucher, 1, new SaleWindow(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))));

        SeckillOrder order = order(voucher, user(1));
        assertThat(reservations().reserveAgain(order)).isEqualTo(Reservation.RESERVED);
        assertThat(reservations().reserveAgain(order(voucher, user(1)))).isEqualTo(Reservation.SOLD_OUT);
        assertThat(reservations().reserveAgain(order(voucher, user(2)))).isEqualTo(Reservation.SOLD_OUT);
    }

    @Test
    void clearingAPendingOrderKeepsTheReservation() {
        VoucherId voucher = onSale(3);
        SeckillOrder first = order(voucher, user(1));
        SeckillOrder second = order(voucher, user(2));
        reserve(first);
        reserve(second);

        pending().clear(first).toCompletableFuture().join();
        pending().clear(first).toCompletableFuture().join();

        assertThat(pending().olderThan(voucher, Duration.ZERO, 10))
                .extracting(SeckillOrder::orderId)
                .containsExactly(second.orderId());
        assertThat(pending().olderThan(voucher, Duration.ofHours(1), 10))
                .as("nothing that old")
                .isEmpty();
        assertThat(reservations().stats(voucher).orElseThrow().reservedUsers()).isEqualTo(2);
    }

    @Test
    void concurrentBuyersNeverOversellNorBuyTwice() {
        int stock = 100;
        int users = 2_000;
        VoucherId voucher = onSale(stock);

        List<CompletableFuture<Reservation>> answers = new ArrayList<>();
        List<SeckillOrder> orders = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (long u = 1; u <= users; u++) {
                SeckillOrder order = order(voucher, user(u));
                orders.add(order);
                answers.add(CompletableFuture.supplyAsync(() -> reserve(order)));
            }
        }
        List<UserId> accepted = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).join() == Reservation.RESERVED) {
                accepted.add(orders.get(i).userId());
            }
        }

        assertThat(accepted).hasSize(stock).doesNotHaveDuplicates();
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isZero();
        assertThat(reservations().reservations(voucher).keySet()).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void adoptGivesBackLostReservationsOnceAndTakesTheirUnits() {
        VoucherId voucher = onSale(5);
        SeckillOrder held = order(voucher, user(1));
        reserve(held);
        SeckillOrder lost = order(voucher, user(2));

        assertThat(reservations()
                        .adopt(voucher, java.util.Map.of(held.userId(), held.orderId(), lost.userId(), lost.orderId())))
                .as("only the user without a reservation")
                .isEqualTo(1);
        assertThat(reservations().adopt(voucher, java.util.Map.of(lost.userId(), lost.orderId())))
                .isZero();

        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(3);
        assertThat(reservations().reservedOrder(voucher, lost.userId())).contains(lost.orderId());
        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reservations().adopt(freshVoucher(), java.util.Map.of(lost.userId(), lost.orderId())))
                .as("no sale, nothing to adopt into")
                .isZero();
    }

    @Test
    void tellsForEachOrderOfABatchWhetherItHoldsItsReservation() {
        VoucherId voucher = onSale(5);
        VoucherId other = onSale(5);
        SeckillOrder held = order(voucher, user(1));
        SeckillOrder heldElsewhere = order(other, user(1));
        reserve(held);
        reserve(heldElsewhere);
        SeckillOrder forged = order(voucher, user(2));
        SeckillOrder sameUserOtherId = order(voucher, user(1));
        SeckillOrder unknownSale = order(freshVoucher(), user(1));

        assertThat(reservations().holdings(List.of(held, forged, heldElsewhere, sameUserOtherId, unknownSale)))
                .containsExactly(Holding.HELD, Holding.NOT_HELD, Holding.HELD, Holding.NOT_HELD, Holding.SALE_MISSING);
        assertThat(reservations().holdings(List.of())).isEmpty();
    }

    @Test
    void clearsManyPendingRecordsAtOnceAndEachClearCompletes() {
        VoucherId voucher = onSale(600);
        VoucherId other = onSale(10);
        List<SeckillOrder> orders = new ArrayList<>();
        for (long user = 1; user <= 600; user++) {
            orders.add(order(voucher, user(user)));
        }
        orders.add(order(other, user(1)));
        orders.forEach(this::reserve);

        List<CompletableFuture<Void>> clears = orders.stream()
                .map(o -> pending().clear(o).toCompletableFuture())
                .toList();
        CompletableFuture.allOf(clears.toArray(CompletableFuture[]::new)).join();

        assertThat(pending().olderThan(voucher, Duration.ZERO, 1_000)).isEmpty();
        assertThat(pending().olderThan(other, Duration.ZERO, 10)).isEmpty();
        assertThat(reservations().stats(voucher).orElseThrow().reservedUsers())
                .as("the reservations stay")
                .isEqualTo(600);
    }
}
