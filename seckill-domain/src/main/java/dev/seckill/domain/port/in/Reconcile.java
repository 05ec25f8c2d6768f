package dev.seckill.domain.port.in;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.List;

/**
 * Compares Redis's reservations with the ledger once the queue has drained. Run it after the
 * consumers caught up: an order still travelling through the broker looks "missing" until then.
 */
public interface Reconcile {

    Report check(VoucherId voucherId);

    /** Releases the orphaned reservations and publishes the missing orders again; returns the report it acted on. */
    Report fix(VoucherId voucherId);

    /**
     * @param missing     reserved in Redis, neither recorded, failed nor pending: to publish again
     * @param orphaned    reserved in Redis by an order that failed: to release
     * @param unreserved  recorded in the ledger with no Redis reservation (Redis lost data): reported only
     */
    record Report(
            VoucherId voucherId,
            int reserved,
            int recorded,
            int pending,
            List<SeckillOrder> missing,
            List<SeckillOrder> orphaned,
            List<UnreservedOrder> unreserved) {

        public boolean consistent() {
            return missing.isEmpty() && orphaned.isEmpty() && unreserved.isEmpty();
        }
    }

    record UnreservedOrder(UserId userId, OrderId orderId) {
    }
}
