package dev.seckill.domain.service;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.Rejection;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.in.RestoreSale;
import dev.seckill.domain.port.out.OrderIds;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reserves, answers, and hands the order to the relay. Once the store said a sale is sold out, the
 * answer is remembered for a moment: during a flash sale nearly every request comes after the last
 * unit went, and they need not all ask Redis (a unit given back is on sale again after the moment).
 * A sale the store does not know but the catalogue does was lost by the store: it is restored, and
 * its requests answer "unavailable" meanwhile.
 */
public final class PlaceSeckillOrderService implements PlaceSeckillOrder {

    private static final CompletionStage<SeckillOutcome> SOLD_OUT =
            CompletableFuture.completedFuture(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));

    private final OrderIds ids;
    private final StockReservations reservations;
    private final RelayOrders relay;
    private final RestoreSale restore;
    private final Clock clock;
    private final Options options;
    private final Map<VoucherId, Instant> soldOutUntil = new ConcurrentHashMap<>();

    /**
     * How orders are placed.
     *
     * @param soldOutMemo     how long a SOLD_OUT answer of the store is given without asking again (zero: off)
     * @param acknowledgement when an accepted order is answered
     * @param acknowledgeWait with {@link Acknowledgement#PUBLISHED}, how long a buyer waits for the queue before the
     *     answer is "unknown, ask again" (the order stays held and pending; asking again names it)
     */
    public record Options(Duration soldOutMemo, Acknowledgement acknowledgement, Duration acknowledgeWait) {
        /** Longer than a Kafka leader election here (7 s), shorter than a buyer's client usually waits (10 s). */
        public static final Duration DEFAULT_ACKNOWLEDGE_WAIT = Duration.ofSeconds(8);

        /** No sold-out memo; answered once reserved. */
        public static final Options PLAIN = new Options(Duration.ZERO, Acknowledgement.RESERVED);

        /** The acknowledgement is required; the memo is not negative and the wait is positive. */
        public Options {
            Objects.requireNonNull(acknowledgement, "acknowledgement is required");
            if (soldOutMemo.isNegative()) {
                throw new IllegalArgumentException("soldOutMemo must not be negative, got " + soldOutMemo);
            }
            if (acknowledgeWait.isNegative() || acknowledgeWait.isZero()) {
                throw new IllegalArgumentException("acknowledgeWait must be positive, got " + acknowledgeWait);
            }
        }

        /** With the default wait for the queue. */
        public Options(Duration soldOutMemo, Acknowledgement acknowledgement) {
            this(soldOutMemo, acknowledgement, DEFAULT_ACKNOWLEDGE_WAIT);
        }
    }

    PlaceSeckillOrderService(
            OrderIds ids,
            StockReservations reservations,
            RelayOrders relay,
            RestoreSale restore,
            Clock clock,
            Options options) {
        this.ids = ids;
        this.reservations = reservations;
        this.relay = relay;
        this.restore = restore;
        this.clock = clock;
        this.options = options;
    }

    @Override
    public CompletionStage<SeckillOutcome> place(UserId userId, VoucherId voucherId) {
        Instant until = soldOutUntil.get(voucherId);
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                return SOLD_OUT;
            }
            soldOutUntil.remove(voucherId, until);
        }
        return ids.next().thenCompose(orderId -> {
            SeckillOrder order = new SeckillOrder(orderId, userId, voucherId, clock.instant());
            return reservations.reserve(order).thenCompose(reservation -> switch (reservation) {
                case RESERVED -> accepted(order);
                case UNKNOWN_VOUCHER, SALE_BEHIND ->
                    restore.restoreInBackground(voucherId)
                            ? CompletableFuture.failedFuture(new ServiceUnavailableException(
                                    "redis", "the sale of voucher " + voucherId + " is being restored", null))
                            : CompletableFuture.completedFuture(reservation.toOutcome(orderId));
                case SOLD_OUT -> {
                    if (!options.soldOutMemo().isZero()) {
                        soldOutUntil.put(voucherId, clock.instant().plus(options.soldOutMemo()));
                    }
                    yield CompletableFuture.completedFuture(reservation.toOutcome(orderId));
                }
                // the buyer may be asking again because the answer to the first request was lost: say which order
                case ALREADY_ORDERED ->
                    reservations
                            .findReservedOrder(voucherId, userId)
                            .thenApply(held -> held.<SeckillOutcome>map(SeckillOutcome.AlreadyOrdered::new)
                                    .orElseGet(() -> reservation.toOutcome(orderId)));
                case NOT_STARTED, ENDED -> CompletableFuture.completedFuture(reservation.toOutcome(orderId));
            });
        });
    }

    private CompletionStage<SeckillOutcome> accepted(SeckillOrder order) {
        SeckillOutcome outcome = new SeckillOutcome.Accepted(order.orderId());
        // the reservation already wrote the pending record: publishing is only the fast path
        CompletionStage<Void> published = relay.publish(order);
        return switch (options.acknowledgement()) {
            case RESERVED -> CompletableFuture.completedFuture(outcome);
            // a copy times out, not the relay's own publish: that one goes on, and the sweeper backs it
            case PUBLISHED ->
                published
                        .toCompletableFuture()
                        .copy()
                        .orTimeout(options.acknowledgeWait().toMillis(), TimeUnit.MILLISECONDS)
                        .handle((ok, error) -> {
                            if (error != null) {
                                // the order is held and pending, and the sweeper will publish it: "unknown, ask again"
                                throw new ServiceUnavailableException(
                                        "kafka",
                                        "order " + order.orderId() + " is accepted but not yet confirmed by the queue",
                                        error);
                            }
                            return outcome;
                        });
        };
    }
}
