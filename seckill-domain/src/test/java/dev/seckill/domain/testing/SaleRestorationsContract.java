package dev.seckill.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** What every {@link SaleRestorations} must do, against the {@link StockReservations} of the same store. */
public abstract class SaleRestorationsContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    protected abstract StockReservations reservations();

    protected abstract SaleRestorations restorations();

    /** Makes the store's copy of the sale behind, as a failover to a replica (or a restart) leaves it. */
    protected abstract void leaveBehind(VoucherId voucherId);

    /** The store's own notion of now; sale windows are set around it. */
    protected Instant now() {
        return Instant.now();
    }

    private VoucherSale missingSale(int stock) {
        VoucherId voucher = new VoucherId(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
        return new VoucherSale(
                voucher, stock, new SaleWindow(now().minus(Duration.ofHours(1)), now().plus(Duration.ofHours(1))));
    }

    private Reservation reserve(VoucherId voucher, long user) {
        return reservations()
                .reserve(new SeckillOrder(
                        new OrderId(ThreadLocalRandom.current().nextLong(1, 1L << 50)),
                        new UserId(user),
                        voucher,
                        now()))
                .toCompletableFuture()
                .join();
    }

    @Test
    void aSaleLeftBehindReservesNothingAndIsRestoredOnlyUnderTheClaimThenSellsOn() {
        VoucherSale sale = missingSale(10);
        VoucherId voucher = sale.voucherId();
        reservations().load(sale);
        assertThat(reservations().saleCopy(voucher)).isEqualTo(SaleCopy.SOUND);
        assertThat(reserve(voucher, 1)).isEqualTo(Reservation.RESERVED);
        SeckillOrder held = new SeckillOrder(
                reservations().reservedOrder(voucher, new UserId(1)).orElseThrow(), new UserId(1), voucher, now());

        leaveBehind(voucher);

        assertThat(reservations().saleCopy(voucher)).isEqualTo(SaleCopy.BEHIND);
        assertThat(reserve(voucher, 2)).as("nothing reserved on a copy behind").isEqualTo(Reservation.SALE_BEHIND);
        assertThat(reservations().holdings(List.of(held))).containsExactly(Holding.SALE_MISSING);
        assertThat(reservations().adopt(voucher, Map.of(new UserId(3), new OrderId(33))))
                .as("its restore reads the ledger")
                .isZero();
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(9);

        RestoreClaim claim = restorations().claim(voucher, LEASE).orElseThrow();
        assertThat(restorations()
                        .restore(claim, sale, 8, Map.of(new UserId(1), held.orderId(), new UserId(3), new OrderId(33))))
                .isTrue();

        assertThat(reservations().saleCopy(voucher)).isEqualTo(SaleCopy.SOUND);
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(8);
        assertThat(reserve(voucher, 3)).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reserve(voucher, 2)).isEqualTo(Reservation.RESERVED);
        assertThat(restorations().restore(claim, sale, 10, Map.of()))
                .as("never over a sound copy")
                .isFalse();
        assertThat(reservations().stats(voucher).orElseThrow().stock()).isEqualTo(7);
    }

    @Test
    void oneClaimAtATimeAndARestoreOnlyUnderIt() {
        VoucherSale sale = missingSale(10);
        RestoreClaim claim = restorations().claim(sale.voucherId(), LEASE).orElseThrow();

        assertThat(restorations().claim(sale.voucherId(), LEASE)).as("held").isEmpty();
        assertThat(restorations().renew(claim, LEASE)).isTrue();
        assertThat(restorations()
                        .restore(
                                claim, sale, 8, Map.of(new UserId(1), new OrderId(11), new UserId(2), new OrderId(12))))
                .isTrue();

        assertThat(reservations().stats(sale.voucherId())).hasValueSatisfying(stats -> {
            assertThat(stats.initialStock()).isEqualTo(10);
            assertThat(stats.stock()).isEqualTo(8);
            assertThat(stats.reservedUsers()).isEqualTo(2);
        });
        assertThat(reservations().reservedOrder(sale.voucherId(), new UserId(2)))
                .contains(new OrderId(12));
        assertThat(reserve(sale.voucherId(), 1)).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reserve(sale.voucherId(), 3)).isEqualTo(Reservation.RESERVED);
        assertThat(reservations().stats(sale.voucherId()).orElseThrow().stock()).isEqualTo(7);

        restorations().drop(claim);
        RestoreClaim again = restorations().claim(sale.voucherId(), LEASE).orElseThrow();
        assertThat(restorations().restore(again, sale, 10, Map.of()))
                .as("the sale is there: a second restore changes nothing")
                .isFalse();
        assertThat(reservations().stats(sale.voucherId()).orElseThrow().stock()).isEqualTo(7);
        restorations().drop(again);
    }

    @Test
    void aDroppedOrForeignClaimRestoresNothing() {
        VoucherSale sale = missingSale(5);
        RestoreClaim claim = restorations().claim(sale.voucherId(), LEASE).orElseThrow();
        restorations().drop(claim);
        RestoreClaim other = restorations().claim(sale.voucherId(), LEASE).orElseThrow();

        assertThat(restorations().renew(claim, LEASE)).isFalse();
        assertThat(restorations().restore(claim, sale, 5, Map.of())).isFalse();
        restorations().drop(claim);
        assertThat(restorations().claim(sale.voucherId(), LEASE))
                .as("dropping a lapsed claim leaves the new one")
                .isEmpty();
        assertThat(reservations().stats(sale.voucherId())).isEmpty();

        assertThat(restorations().restore(other, sale, 5, Map.of())).isTrue();
        assertThat(reservations().stats(sale.voucherId()).orElseThrow().stock()).isEqualTo(5);
        restorations().drop(other);
    }

    @Test
    void aRestoreWithThousandsOfHolders() {
        VoucherSale sale = missingSale(20_000);
        Map<UserId, OrderId> holders = new java.util.HashMap<>();
        for (long user = 1; user <= 12_000; user++) {
            holders.put(new UserId(user), new OrderId(1_000_000 + user));
        }
        RestoreClaim claim = restorations().claim(sale.voucherId(), LEASE).orElseThrow();

        assertThat(restorations().restore(claim, sale, 8_000, holders)).isTrue();

        assertThat(reservations().reservations(sale.voucherId())).isEqualTo(holders);
        restorations().drop(claim);
    }
}
