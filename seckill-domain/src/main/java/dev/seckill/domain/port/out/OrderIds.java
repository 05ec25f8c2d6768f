package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderId;
import java.util.concurrent.CompletionStage;

/** Unique order ids across instances, increasing within one instance. */
public interface OrderIds {

    /**
     * A new id, never handed out before. Completes exceptionally with
     * {@link ServiceUnavailableException} when the ids cannot be drawn now.
     */
    CompletionStage<OrderId> next();
}
