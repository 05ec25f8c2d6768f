package dev.seckill.domain.port.out;

import dev.seckill.domain.model.QueueMark;
import dev.seckill.domain.model.VoucherId;

/**
 * The queue between the request path and the ledger, seen from outside: where a voucher's orders
 * end, and whether the consumers have come that far. Throws {@link ServiceUnavailableException}
 * when the queue cannot be asked.
 */
public interface OrderQueue {

    /** Where the voucher's orders end now: every order of the voucher handed to the queue so far lies before it. */
    QueueMark mark(VoucherId voucherId);

    /**
     * Whether every order before the mark is finished (recorded, or given up and dead-lettered),
     * including the retries that those orders caused.
     */
    boolean finishedUpTo(QueueMark mark);
}
