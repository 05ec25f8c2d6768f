package dev.seckill.domain.model;

import java.util.Objects;

/** The answer to one seckill request: accepted with an order id, or rejected for a reason. */
public sealed interface SeckillOutcome {

    record Accepted(OrderId orderId) implements SeckillOutcome {
        public Accepted {
            Objects.requireNonNull(orderId, "orderId is required");
        }
    }

    record Rejected(Rejection reason) implements SeckillOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason is required");
        }
    }
}
