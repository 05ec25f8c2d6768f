package dev.seckill.domain.port.in;

import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.concurrent.CompletionStage;

/** The request path: one user asks for one unit of a voucher. */
public interface PlaceSeckillOrder {

    /**
     * Answers at once from the reservation; the order reaches the ledger later. Completes
     * exceptionally with {@code ServiceUnavailableException} when the reservation store cannot be reached.
     */
    CompletionStage<SeckillOutcome> place(UserId userId, VoucherId voucherId);
}
