package dev.seckill.domain.port.out;

import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The fast, authoritative stock of each sale. A reservation is one atomic step that checks the
 * window, the stock and the user, takes one unit, and writes the order to the pending record
 * ({@link PendingOrders}), so an accepted order can never exist without a trace that it must still
 * be published. Connection failures complete exceptionally with {@link ServiceUnavailableException}.
 */
public interface StockReservations {

    /**
     * Reserves one unit for the order's user, judged by the store's own clock; {@link Reservation#SALE_BEHIND} and
     * nothing reserved when the store's copy of the sale is behind.
     */
    CompletionStage<Reservation> reserve(SeckillOrder order);

    /**
     * Reserves again for an order coming back from the dead-letter queue: like {@link #reserve}
     * but the sale window is not checked (the sale may have ended while the order was failing).
     */
    Reservation reserveAgain(SeckillOrder order);

    /**
     * Gives the order's unit back, only if that user's reservation is still held by that order.
     * Idempotent: returns true the one time a unit was given back, false after that.
     */
    boolean release(SeckillOrder order);

    /**
     * Puts a sale in place. Returns false and changes no stock when the sale is already loaded
     * (only its window is updated), so a reload never resets an ongoing sale.
     */
    boolean load(VoucherSale sale);

    /**
     * Gives back the reservations of orders that the ledger recorded and the store lost (it fell
     * behind, e.g. it lost its last writes in a crash): each of these users not holding a
     * reservation gets it and takes one unit. Returns how many were given back.
     */
    int adopt(VoucherId voucherId, Map<UserId, OrderId> recorded);

    /**
     * Whether the store's copy of the sale can be trusted: missing, behind (the store failed over or started again
     * since it was written, and may have lost reservations it acknowledged), or sound.
     */
    SaleCopy saleCopy(VoucherId voucherId);

    /** What the store holds of the sale; empty when it does not have it (never loaded, or lost). */
    Optional<ReservationStats> stats(VoucherId voucherId);

    /**
     * Whether each order holds its user's reservation, in the given order: asked for the whole list
     * at once (one round trip), for the consumer to check what it reads off the queue.
     */
    List<Holding> holdings(List<SeckillOrder> orders);

    /** The order held by the user for the voucher, if any. */
    Optional<OrderId> reservedOrder(VoucherId voucherId, UserId userId);

    /** {@link #reservedOrder}, without blocking: for the request path. */
    CompletionStage<Optional<OrderId>> findReservedOrder(VoucherId voucherId, UserId userId);

    /** Every user holding a reservation for the voucher, with the order that holds it. */
    Map<UserId, OrderId> reservations(VoucherId voucherId);
}
