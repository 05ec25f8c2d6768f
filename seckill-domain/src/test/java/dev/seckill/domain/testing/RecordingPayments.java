package dev.seckill.domain.testing;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.port.out.Payments;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A payment provider that settles at once and remembers what it charged and refunded. */
public final class RecordingPayments implements Payments {

    private final Map<OrderId, UserId> charged = new LinkedHashMap<>();
    private final Set<OrderId> refunded = new LinkedHashSet<>();
    private int charges;
    private Runnable onCharge = () -> {};

    /** Runs {@code action} during every charge, as a slow provider would let time pass. */
    public synchronized void onCharge(Runnable action) {
        this.onCharge = action;
    }

    @Override
    public synchronized void charge(OrderId orderId, UserId payer) {
        onCharge.run();
        if (charged.putIfAbsent(orderId, payer) == null) {
            charges++;
        }
    }

    @Override
    public synchronized void refund(OrderId orderId) {
        if (charged.containsKey(orderId)) {
            refunded.add(orderId);
        }
    }

    /** Orders charged and not refunded: the money the sale kept. */
    public synchronized Set<OrderId> kept() {
        Set<OrderId> kept = new LinkedHashSet<>(charged.keySet());
        kept.removeAll(refunded);
        return kept;
    }

    public synchronized Set<OrderId> refunded() {
        return Set.copyOf(refunded);
    }

    /** How many times money moved to the sale (a repeated charge of one order counts once). */
    public synchronized int charges() {
        return charges;
    }
}
