package dev.seckill.domain.service;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RestoreSale;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderQueue;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Restores a sale the store lost or left behind (a failover, a restart) in four steps: claim it
 * (one restorer among the instances); let the publishes in flight at the loss land ({@code
 * settle}); wait until the consumers have finished every order of the voucher that is in the
 * queue; then write the ledger's stock and holders back in one step, counting the pending orders
 * that survived as holders too. An order whose publish lands after all that is still recorded (the
 * queue checked its signature) and takes its unit then, so the settle can be short.
 */
public final class RestoreSaleService implements RestoreSale {

    private static final System.Logger LOG = System.getLogger(RestoreSaleService.class.getName());
    private static final int ALL = Integer.MAX_VALUE;
    private static final Duration POLL = Duration.ofMillis(200);

    private final VoucherCatalogue catalogue;
    private final StockReservations reservations;
    private final PendingOrders pending;
    private final OrderLedger ledger;
    private final SaleRestorations restorations;
    private final OrderQueue queue;
    private final Timing timing;
    private final Executor background;
    private final Set<VoucherId> running = ConcurrentHashMap.newKeySet();
    // after an attempt that did not restore (claimed elsewhere, gave up), requests wait a moment before the next one
    private final Map<VoucherId, Long> notBefore = new ConcurrentHashMap<>();

    /**
     * How long a restore waits, and for what.
     *
     * @param settle   how long the publishes in flight at the moment of the loss get to land before the
     *                 queue's end is marked (one that lands later still takes its unit when it is recorded)
     * @param lease    how long a claim lives without being renewed (a dead restorer's claim lapses then)
     * @param patience how long to wait for the queue to drain before giving up (the next request tries again)
     * @param retryAfter how long requests wait after an attempt that did not restore (another instance holds
     *                   the claim, or it gave up) before one of them starts the next
     */
    public record Timing(Duration settle, Duration lease, Duration patience, Duration retryAfter) {

        /**
         * Publishes land within milliseconds when the broker is up: 2 s; a claim lives 30 s unrenewed; the queue gets
         * 10 minutes to drain (a consumer that is down stalls it); requests wait 1 s between attempts.
         */
        public static final Timing DEFAULT = new Timing(
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1));

        /** None is negative, and the lease is at least 1 s (it is renewed every 200 ms while the restore waits). */
        public Timing {
            if (settle.isNegative()
                    || lease.compareTo(POLL.multipliedBy(5)) < 0
                    || patience.isNegative()
                    || retryAfter.isNegative()) {
                throw new IllegalArgumentException(
                        "settle, patience and retryAfter must not be negative and lease at least 1 s, got " + settle
                                + ", " + lease + ", " + patience + ", " + retryAfter);
            }
        }
    }

    RestoreSaleService(
            VoucherCatalogue catalogue,
            StockReservations reservations,
            PendingOrders pending,
            OrderLedger ledger,
            SaleRestorations restorations,
            OrderQueue queue,
            Timing timing,
            Executor background) {
        this.catalogue = catalogue;
        this.reservations = reservations;
        this.pending = pending;
        this.ledger = ledger;
        this.restorations = restorations;
        this.queue = queue;
        this.timing = timing;
        this.background = background;
    }

    @Override
    public boolean restoreInBackground(VoucherId voucherId) {
        if (catalogue.find(voucherId).isEmpty()) {
            return false;
        }
        Long next = notBefore.get(voucherId);
        if (next != null && System.nanoTime() - next < 0) {
            return true;
        }
        if (running.add(voucherId)) {
            try {
                background.execute(() -> {
                    try {
                        if (restore(voucherId) != Result.RESTORED) {
                            notBefore.put(
                                    voucherId,
                                    System.nanoTime() + timing.retryAfter().toNanos());
                        }
                    } catch (RuntimeException e) {
                        notBefore.put(
                                voucherId,
                                System.nanoTime() + timing.retryAfter().toNanos());
                        LOG.log(
                                Level.WARNING,
                                "restoring the sale of voucher " + voucherId + " failed; the next request tries again",
                                e);
                    } finally {
                        running.remove(voucherId);
                    }
                });
            } catch (RuntimeException e) {
                running.remove(voucherId);
                throw e;
            }
        }
        return true;
    }

    @Override
    public Result restore(VoucherId voucherId) {
        Optional<VoucherSale> sale = catalogue.find(voucherId);
        if (sale.isEmpty()) {
            return Result.UNKNOWN_VOUCHER;
        }
        SaleCopy copy = reservations.saleCopy(voucherId);
        if (copy == SaleCopy.SOUND) {
            return Result.NOT_MISSING;
        }
        Optional<RestoreClaim> claimed = restorations.claim(voucherId, timing.lease());
        if (claimed.isEmpty()) {
            return Result.CLAIMED_ELSEWHERE;
        }
        RestoreClaim claim = claimed.get();
        try {
            LOG.log(
                    Level.WARNING,
                    "the sale of voucher {0} is {1} in the reservation store: restoring it from the ledger",
                    voucherId,
                    copy == SaleCopy.MISSING ? "missing" : "behind (the store failed over or started again)");
            if (await(claim, timing.settle(), () -> false) == Wait.LAPSED) {
                return Result.GAVE_UP;
            }
            QueueMark mark = queue.mark(voucherId);
            Wait drained = await(claim, timing.patience(), () -> queue.finishedUpTo(mark));
            if (drained != Wait.DONE) {
                LOG.log(
                        Level.WARNING,
                        "the queue did not drain within {0} ({1}): the sale of voucher {2} stays missing for now",
                        timing.patience(),
                        drained,
                        voucherId);
                return Result.GAVE_UP;
            }
            return putBack(claim, sale.get());
        } finally {
            restorations.drop(claim);
        }
    }

    private Result putBack(RestoreClaim claim, VoucherSale sale) {
        VoucherId voucherId = sale.voucherId();
        Map<UserId, OrderId> holders = new HashMap<>(ledger.orders(voucherId));
        // pending orders that survived the loss are still on their way: they hold their unit
        int onTheirWay = 0;
        for (SeckillOrder order : pending.olderThan(voucherId, Duration.ZERO, ALL)) {
            if (holders.putIfAbsent(order.userId(), order.orderId()) == null) {
                onTheirWay++;
            }
        }
        LedgerStats recorded = ledger.stats(voucherId)
                .orElseThrow(() -> new IllegalStateException(
                        "the ledger lost voucher " + voucherId + " while restoring its sale"));
        long stock = recorded.stock() - onTheirWay;
        if (!restorations.restore(claim, sale, stock, holders)) {
            return Result.GAVE_UP;
        }
        LOG.log(
                Level.WARNING,
                "restored the sale of voucher {0}: stock {1}, {2} holders ({3} of them still pending)",
                voucherId,
                stock,
                holders.size(),
                onTheirWay);
        return Result.RESTORED;
    }

    private enum Wait {
        DONE,
        TIME_UP,
        LAPSED
    }

    /** Waits until {@code done} holds or {@code atMost} has passed, renewing the claim all the while. */
    private Wait await(RestoreClaim claim, Duration atMost, Check done) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.holds()) {
            if (System.nanoTime() >= deadline) {
                return Wait.TIME_UP;
            }
            if (!restorations.renew(claim, timing.lease())) {
                return Wait.LAPSED;
            }
            LockSupport.parkNanos(Math.min(POLL.toNanos(), Math.max(1, deadline - System.nanoTime())));
        }
        return Wait.DONE;
    }

    @FunctionalInterface
    private interface Check {
        boolean holds();
    }
}
