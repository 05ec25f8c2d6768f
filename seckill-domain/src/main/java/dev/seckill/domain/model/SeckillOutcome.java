package dev.seckill.domain.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * The answer to one seckill request: accepted with an order id, rejected because the user already
 * holds an order (and which), or rejected for another reason.
 */
public sealed interface SeckillOutcome {

    /**
     * The one function for this kind of outcome. A new kind of outcome adds a parameter here, so
     * that every caller fails to compile until it says what the new kind means to it.
     */
    <T> T fold(
            Function<Accepted, T> accepted, Function<AlreadyOrdered, T> alreadyOrdered, Function<Rejected, T> rejected);

    /** The user has a unit: this order, on its way to the ledger. */
    record Accepted(OrderId orderId) implements SeckillOutcome {
        /** The order id is required. */
        public Accepted {
            Objects.requireNonNull(orderId, "orderId is required");
        }

        @Override
        public <T> T fold(
                Function<Accepted, T> accepted,
                Function<AlreadyOrdered, T> alreadyOrdered,
                Function<Rejected, T> rejected) {
            return accepted.apply(this);
        }
    }

    /** The user already holds an order for the voucher: this one (e.g. accepted by a request whose answer was lost). */
    record AlreadyOrdered(OrderId orderId) implements SeckillOutcome {
        /** The order id is required. */
        public AlreadyOrdered {
            Objects.requireNonNull(orderId, "orderId is required");
        }

        @Override
        public <T> T fold(
                Function<Accepted, T> accepted,
                Function<AlreadyOrdered, T> alreadyOrdered,
                Function<Rejected, T> rejected) {
            return alreadyOrdered.apply(this);
        }
    }

    /** Turned down, for {@code reason}; nothing was reserved. */
    record Rejected(Rejection reason) implements SeckillOutcome {
        /** The reason is required. */
        public Rejected {
            Objects.requireNonNull(reason, "reason is required");
        }

        @Override
        public <T> T fold(
                Function<Accepted, T> accepted,
                Function<AlreadyOrdered, T> alreadyOrdered,
                Function<Rejected, T> rejected) {
            return rejected.apply(this);
        }
    }
}
