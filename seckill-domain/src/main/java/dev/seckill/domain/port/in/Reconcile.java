package dev.seckill.domain.port.in;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.List;

/**
 * Compares the reservation store with the ledger once the queue has drained. Run it after the
 * consumers caught up: an order still travelling through the queue looks "missing" until then.
 */
public interface Reconcile {

    /**
     * Compares the store with the ledger for the voucher, changing nothing; the sale is
     * {@link SaleState#MISSING} when the store lost it while the ledger has it.
     */
    Report check(VoucherId voucherId);

    /**
     * Restores a sale the store lost (as {@link RestoreSale} does), gives the store back the
     * reservations of recorded orders it lost, releases the orphaned reservations and publishes the
     * missing orders again; returns the report it acted on.
     */
    Report fix(VoucherId voucherId);

    /** What the store holds of the sale. */
    enum SaleState {
        /** The store has the sale. */
        PRESENT,
        /** The store lost the sale while the ledger has it. */
        MISSING,
        /** It was missing and {@link #fix} restored it. */
        RESTORED,
        /** It was missing and {@link #fix} could not restore it now (see the log; try again). */
        STILL_MISSING
    }

    /**
     * What the store and the ledger say of one voucher's orders.
     *
     * @param sale        whether the store has the sale (when it does not, the lists are empty)
     * @param reserved    buyers holding a reservation in the store
     * @param recorded    orders the ledger holds, the cancelled ones left out
     * @param pending     orders in the pending record, not yet acknowledged by the queue
     * @param missing     reserved in the store, neither recorded, failed nor pending: to publish again
     * @param orphaned    reserved in the store by an order that failed: to release
     * @param unreserved  recorded in the ledger with no reservation in the store (the store is behind,
     *                    e.g. it lost its last writes): {@link #fix} gives them their reservation back
     */
    record Report(
            VoucherId voucherId,
            SaleState sale,
            int reserved,
            int recorded,
            int pending,
            List<SeckillOrder> missing,
            List<SeckillOrder> orphaned,
            List<UnreservedOrder> unreserved) {

        /** Whether the store has the sale and agrees with the ledger: nothing missing, orphaned or unreserved. */
        public boolean consistent() {
            return (sale == SaleState.PRESENT || sale == SaleState.RESTORED)
                    && missing.isEmpty()
                    && orphaned.isEmpty()
                    && unreserved.isEmpty();
        }
    }

    /** A recorded order whose user holds no reservation in the store. */
    record UnreservedOrder(UserId userId, OrderId orderId) {}
}
