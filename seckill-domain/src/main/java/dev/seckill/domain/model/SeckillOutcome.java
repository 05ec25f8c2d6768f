package dev.seckill.domain.model;

import java.util.Objects;

/**
 * The answer to one seckill request: accepted with an order id, rejected because the user already
 * holds an order (and which), or rejected for another reason.
 */
public sealed interface SeckillOutcome {

    record Accepted(OrderId orderId) implements SeckillOutcome {
        public Accepted {
            Objects.requireNonNull(orderId, "orderId is required");
        }
    }

    /** The user already holds an order for the voucher: this one (e.g. accepted by a request whose answer was lost). */
    record AlreadyOrdered(OrderId orderId) implements SeckillOutcome {
        public AlreadyOrdered {
            Objects.requireNonNull(orderId, "orderId is required");
        }
    }

    record Rejected(Rejection reason) implements SeckillOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason is required");
        }
    }
}
