package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderId;
import java.util.concurrent.CompletionStage;

/** Unique order ids across instances, increasing within one instance. */
public interface OrderIds {

    CompletionStage<OrderId> next();
}
