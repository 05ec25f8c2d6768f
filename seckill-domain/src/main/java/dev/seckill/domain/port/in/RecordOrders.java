package dev.seckill.domain.port.in;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import java.util.List;

/** The consumer side: orders delivered by the queue are written to the ledger. */
public interface RecordOrders {

    /**
     * Records a batch of due deliveries and says what to do with each. Throws
     * {@code ServiceUnavailableException} when the ledger or the reservation store is down: then nothing is
     * decided, and the caller tries the same batch again later without counting a retry.
     */
    List<Disposition> record(List<OrderDelivery> deliveries);

    /**
     * Finishes an order once its dead-letter record is safely stored: marks it failed in the
     * ledger, then gives its unit back and raises an alert; when another delivery of the order was
     * recorded, nothing changes (the unit stays sold). Idempotent.
     */
    void deadLettered(OrderDelivery delivery);
}
