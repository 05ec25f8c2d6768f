package dev.seckill.domain.testing;

import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reservations and the pending record in one lock, as the Lua script keeps them in one atomic step. */
public final class InMemoryStockReservations implements StockReservations, PendingOrders, SaleRestorations {

    private final Clock clock;
    private final Map<VoucherId, Sale> sales = new HashMap<>();
    private final Map<VoucherId, Claim> claims = new HashMap<>();
    private volatile boolean down;
    // the store's incarnation: it changes when a replica takes over or the store starts again
    private int incarnation;

    public InMemoryStockReservations(Clock clock) {
        this.clock = clock;
    }

    /** Simulates the store losing everything it held (a restart without persistence). */
    public synchronized void loseEverything() {
        sales.clear();
    }

    /** A replica's copy of every sale as of now: what a failover to it keeps, when it receives nothing more. */
    public synchronized Replica replicate() {
        Map<VoucherId, Sale> copy = new HashMap<>();
        sales.forEach((voucher, sale) -> copy.put(voucher, sale.copy()));
        return new Replica(copy);
    }

    /** Simulates a failover to {@code replica}: what was written after it was taken is gone, and every sale is behind. */
    public synchronized void failOver(Replica replica) {
        sales.clear();
        replica.sales.forEach((voucher, sale) -> sales.put(voucher, sale.copy()));
        incarnation++;
    }

    /** A copy of the sales taken by {@link #replicate}. */
    public static final class Replica {
        private final Map<VoucherId, Sale> sales;

        private Replica(Map<VoucherId, Sale> sales) {
            this.sales = sales;
        }
    }

    /** Simulates Redis being unreachable. */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized CompletionStage<Reservation> reserve(SeckillOrder order) {
        if (down) {
            return CompletableFuture.failedFuture(unavailable());
        }
        return CompletableFuture.completedFuture(reserve(order, true));
    }

    @Override
    public synchronized Reservation reserveAgain(SeckillOrder order) {
        checkUp();
        return reserve(order, false);
    }

    private Reservation reserve(SeckillOrder order, boolean checkWindow) {
        Sale sale = sales.get(order.voucherId());
        if (sale == null) {
            return Reservation.UNKNOWN_VOUCHER;
        }
        if (sale.writtenIn != incarnation) {
            return Reservation.SALE_BEHIND;
        }
        Instant now = clock.instant();
        if (checkWindow && sale.sale.window().notStartedAt(now)) {
            return Reservation.NOT_STARTED;
        }
        if (checkWindow && sale.sale.window().endedAt(now)) {
            return Reservation.ENDED;
        }
        if (sale.stock <= 0) {
            return Reservation.SOLD_OUT;
        }
        if (sale.holders.containsKey(order.userId())) {
            return Reservation.ALREADY_ORDERED;
        }
        sale.stock--;
        sale.holders.put(order.userId(), order.orderId());
        sale.pending.put(order.orderId(), new Pending(order, now));
        return Reservation.RESERVED;
    }

    @Override
    public synchronized boolean release(SeckillOrder order) {
        checkUp();
        Sale sale = sales.get(order.voucherId());
        if (sale == null || !order.orderId().equals(sale.holders.get(order.userId()))) {
            return false;
        }
        sale.holders.remove(order.userId());
        sale.pending.remove(order.orderId());
        sale.stock++;
        return true;
    }

    @Override
    public synchronized boolean load(VoucherSale sale) {
        checkUp();
        Sale existing = sales.get(sale.voucherId());
        if (existing != null) {
            existing.sale = new VoucherSale(sale.voucherId(), existing.sale.stock(), sale.window());
            return false;
        }
        sales.put(sale.voucherId(), new Sale(sale, incarnation));
        return true;
    }

    @Override
    public synchronized SaleCopy saleCopy(VoucherId voucherId) {
        checkUp();
        Sale sale = sales.get(voucherId);
        return sale == null ? SaleCopy.MISSING : sale.writtenIn == incarnation ? SaleCopy.SOUND : SaleCopy.BEHIND;
    }

    @Override
    public synchronized List<Holding> holdings(List<SeckillOrder> orders) {
        checkUp();
        List<Holding> holdings = new ArrayList<>(orders.size());
        for (SeckillOrder order : orders) {
            Sale sale = sales.get(order.voucherId());
            holdings.add(
                    sale == null || sale.writtenIn != incarnation
                            ? Holding.SALE_MISSING
                            : order.orderId().equals(sale.holders.get(order.userId()))
                                    ? Holding.HELD
                                    : Holding.NOT_HELD);
        }
        return holdings;
    }

    @Override
    public synchronized int adopt(VoucherId voucherId, Map<UserId, OrderId> recorded) {
        checkUp();
        Sale sale = sales.get(voucherId);
        if (sale == null || sale.writtenIn != incarnation) {
            return 0;
        }
        int adopted = 0;
        for (Map.Entry<UserId, OrderId> order : recorded.entrySet()) {
            if (sale.holders.putIfAbsent(order.getKey(), order.getValue()) == null) {
                sale.stock--;
                adopted++;
            }
        }
        return adopted;
    }

    @Override
    public synchronized Optional<RestoreClaim> claim(VoucherId voucherId, Duration lease) {
        checkUp();
        Claim held = claims.get(voucherId);
        if (held != null && clock.instant().isBefore(held.until)) {
            return Optional.empty();
        }
        RestoreClaim claim = new RestoreClaim(voucherId, UUID.randomUUID().toString());
        claims.put(voucherId, new Claim(claim.token(), clock.instant().plus(lease)));
        return Optional.of(claim);
    }

    @Override
    public synchronized boolean renew(RestoreClaim claim, Duration lease) {
        checkUp();
        if (!holds(claim)) {
            return false;
        }
        claims.put(claim.voucherId(), new Claim(claim.token(), clock.instant().plus(lease)));
        return true;
    }

    @Override
    public synchronized boolean restore(
            RestoreClaim claim, VoucherSale sale, long stock, Map<UserId, OrderId> holders) {
        checkUp();
        Sale existing = sales.get(sale.voucherId());
        if (!holds(claim) || (existing != null && existing.writtenIn == incarnation)) {
            return false;
        }
        Sale restored = new Sale(sale, incarnation);
        restored.stock = (int) stock;
        restored.holders.putAll(holders);
        if (existing != null) {
            // the pending orders that survived on the replica stay pending
            restored.pending.putAll(existing.pending);
        }
        sales.put(sale.voucherId(), restored);
        return true;
    }

    @Override
    public synchronized void drop(RestoreClaim claim) {
        checkUp();
        if (holds(claim)) {
            claims.remove(claim.voucherId());
        }
    }

    private boolean holds(RestoreClaim claim) {
        Claim held = claims.get(claim.voucherId());
        return held != null
                && held.token.equals(claim.token())
                && clock.instant().isBefore(held.until);
    }

    @Override
    public synchronized Optional<ReservationStats> stats(VoucherId voucherId) {
        checkUp();
        return Optional.ofNullable(sales.get(voucherId))
                .map(sale ->
                        new ReservationStats(sale.sale.stock(), sale.stock, sale.holders.size(), sale.pending.size()));
    }

    @Override
    public synchronized Optional<OrderId> reservedOrder(VoucherId voucherId, UserId userId) {
        checkUp();
        return Optional.ofNullable(sales.get(voucherId)).map(sale -> sale.holders.get(userId));
    }

    @Override
    public synchronized CompletionStage<Optional<OrderId>> findReservedOrder(VoucherId voucherId, UserId userId) {
        if (down) {
            return CompletableFuture.failedFuture(unavailable());
        }
        return CompletableFuture.completedFuture(reservedOrder(voucherId, userId));
    }

    @Override
    public synchronized Map<UserId, OrderId> reservations(VoucherId voucherId) {
        checkUp();
        Sale sale = sales.get(voucherId);
        return sale == null ? Map.of() : Map.copyOf(sale.holders);
    }

    @Override
    public synchronized CompletionStage<Void> clear(SeckillOrder order) {
        if (down) {
            return CompletableFuture.failedFuture(unavailable());
        }
        Sale sale = sales.get(order.voucherId());
        if (sale != null) {
            sale.pending.remove(order.orderId());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<SeckillOrder> olderThan(VoucherId voucherId, Duration age, int limit) {
        checkUp();
        Sale sale = sales.get(voucherId);
        if (sale == null) {
            return List.of();
        }
        Instant cutoff = clock.instant().minus(age);
        List<Pending> old = new ArrayList<>();
        for (Pending pending : sale.pending.values()) {
            if (!pending.since.isAfter(cutoff)) {
                old.add(pending);
            }
        }
        old.sort(Comparator.comparing(Pending::since));
        return old.stream().limit(limit).map(Pending::order).toList();
    }

    private void checkUp() {
        if (down) {
            throw unavailable();
        }
    }

    private static ServiceUnavailableException unavailable() {
        return new ServiceUnavailableException("redis", "simulated outage", null);
    }

    private record Pending(SeckillOrder order, Instant since) {}

    private record Claim(String token, Instant until) {}

    private static final class Sale {
        VoucherSale sale;
        int stock;
        final int writtenIn;
        final Map<UserId, OrderId> holders = new HashMap<>();
        final Map<OrderId, Pending> pending = new LinkedHashMap<>();

        Sale(VoucherSale sale, int writtenIn) {
            this.sale = sale;
            this.stock = sale.stock();
            this.writtenIn = writtenIn;
        }

        Sale copy() {
            Sale copy = new Sale(sale, writtenIn);
            copy.stock = stock;
            copy.holders.putAll(holders);
            copy.pending.putAll(pending);
            return copy;
        }
    }
}
