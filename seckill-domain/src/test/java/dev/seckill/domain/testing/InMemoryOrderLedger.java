package dev.seckill.domain.testing;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The database side: orders and their states, failed orders, and the stock of each voucher taken from the catalogue. */
public final class InMemoryOrderLedger implements OrderLedger, OrderSettlement {

    private final InMemoryVoucherCatalogue catalogue;
    private final Duration paymentTimeout;
    private final Clock clock;
    private final Map<OrderId, Instant> deadlines = new HashMap<>();
    private final Map<OrderId, SeckillOrder> orders = new LinkedHashMap<>();
    private final Map<OrderId, OrderStatus> states = new HashMap<>();
    private final Map<OrderId, CancelReason> cancelReasons = new HashMap<>();
    private final Set<OrderId> unreturned = new LinkedHashSet<>();
    private final Map<OrderId, SeckillOrder> failed = new LinkedHashMap<>();
    private final Map<VoucherId, Integer> stock = new HashMap<>();
    private final Map<OrderId, String> failures = new HashMap<>();
    private volatile boolean down;

    /** @param paymentTimeout an order is unpaid until the moment {@code clock} says it is recorded plus this */
    public InMemoryOrderLedger(InMemoryVoucherCatalogue catalogue, Duration paymentTimeout, Clock clock) {
        this.catalogue = catalogue;
        this.paymentTimeout = paymentTimeout;
        this.clock = clock;
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** Makes the write of this order fail with the message, until {@link #heal}. */
    private final java.util.Set<OrderId> breaking = new java.util.HashSet<>();

    public synchronized void failing(OrderId orderId, String message) {
        failures.put(orderId, message);
    }

    public synchronized void heal(OrderId orderId) {
        failures.remove(orderId);
        breaking.remove(orderId);
    }

    /** Every batch holding this order throws, as a failure nobody classified would (a bug, a wrong reply). */
    public synchronized void breaking(OrderId orderId) {
        breaking.add(orderId);
    }

    @Override
    public synchronized List<RecordResult> record(List<SeckillOrder> batch) {
        checkUp();
        for (SeckillOrder order : batch) {
            if (breaking.contains(order.orderId())) {
                throw new IllegalStateException("simulated poison: order " + order.orderId());
            }
        }
        List<RecordResult> results = new ArrayList<>(batch.size());
        for (SeckillOrder order : batch) {
            String failure = failures.get(order.orderId());
            results.add(failure != null ? RecordResult.failed(order, failure) : recordOne(order));
        }
        return results;
    }

    private RecordResult recordOne(SeckillOrder order) {
        // a failed order was given back in Redis: a late re-delivery must not create it
        boolean duplicate = orders.containsKey(order.orderId())
                || failed.containsKey(order.orderId())
                || active().anyMatch(o ->
                        o.userId().equals(order.userId()) && o.voucherId().equals(order.voucherId()));
        if (duplicate) {
            return RecordResult.of(order, RecordOutcome.ALREADY_RECORDED);
        }
        if (catalogue.find(order.voucherId()).isEmpty()) {
            return RecordResult.failed(order, "unknown voucher " + order.voucherId());
        }
        int left = stockOf(order.voucherId());
        if (left < 1) {
            return RecordResult.of(order, RecordOutcome.STOCK_EXHAUSTED);
        }
        stock.put(order.voucherId(), left - 1);
        orders.put(order.orderId(), order);
        Instant recordedAt = clock.instant();
        deadlines.put(
                order.orderId(),
                (recordedAt.isAfter(order.createdAt()) ? recordedAt : order.createdAt()).plus(paymentTimeout));
        states.put(order.orderId(), OrderStatus.CREATED);
        return RecordResult.of(order, RecordOutcome.CREATED);
    }

    private int stockOf(VoucherId voucherId) {
        return stock.computeIfAbsent(
                voucherId, id -> catalogue.find(id).map(VoucherSale::stock).orElse(0));
    }

    @Override
    public synchronized boolean markFailed(SeckillOrder order, String reason) {
        checkUp();
        if (orders.containsKey(order.orderId())) {
            return false;
        }
        failed.putIfAbsent(order.orderId(), order);
        return true;
    }

    @Override
    public synchronized void clearFailed(OrderId orderId) {
        checkUp();
        failed.remove(orderId);
    }

    @Override
    public synchronized Optional<OrderView> find(OrderId orderId) {
        checkUp();
        SeckillOrder order = orders.get(orderId);
        if (order != null) {
            return Optional.of(view(order));
        }
        return Optional.ofNullable(failed.get(orderId))
                .map(o -> new OrderView(o.orderId(), o.voucherId(), o.userId(), OrderStatus.FAILED));
    }

    private OrderView view(SeckillOrder order) {
        return new OrderView(
                order.orderId(),
                order.voucherId(),
                order.userId(),
                states.get(order.orderId()),
                order.createdAt(),
                deadlineOf(order),
                cancelReasons.get(order.orderId()));
    }

    private Instant deadlineOf(SeckillOrder order) {
        return deadlines.get(order.orderId());
    }

    @Override
    public synchronized Optional<OrderView> pay(OrderId orderId, Instant now) {
        checkUp();
        SeckillOrder order = orders.get(orderId);
        if (order != null && states.get(orderId) == OrderStatus.CREATED && now.isBefore(deadlineOf(order))) {
            states.put(orderId, OrderStatus.PAID);
        }
        return Optional.ofNullable(order).map(this::view);
    }

    @Override
    public synchronized Optional<OrderView> cancel(OrderId orderId, CancelReason reason, Instant now) {
        checkUp();
        SeckillOrder order = orders.get(orderId);
        boolean due = reason == CancelReason.BUYER || (order != null && !now.isBefore(deadlineOf(order)));
        if (order != null && states.get(orderId) == OrderStatus.CREATED && due) {
            states.put(orderId, OrderStatus.CANCELLED);
            cancelReasons.put(orderId, reason);
            unreturned.add(orderId);
            stock.merge(order.voucherId(), 1, Integer::sum);
        }
        return Optional.ofNullable(order).map(this::view);
    }

    @Override
    public synchronized List<OrderId> overdue(Instant now, int limit) {
        checkUp();
        return orders.values().stream()
                .filter(o -> states.get(o.orderId()) == OrderStatus.CREATED && !now.isBefore(deadlineOf(o)))
                .sorted(Comparator.comparing(SeckillOrder::createdAt))
                .limit(limit)
                .map(SeckillOrder::orderId)
                .toList();
    }

    @Override
    public synchronized List<SeckillOrder> unitsToReturn(int limit) {
        checkUp();
        return unreturned.stream().limit(limit).map(orders::get).toList();
    }

    @Override
    public synchronized void unitReturned(OrderId orderId) {
        checkUp();
        unreturned.remove(orderId);
    }

    private Stream<SeckillOrder> active() {
        return orders.values().stream().filter(o -> states.get(o.orderId()) != OrderStatus.CANCELLED);
    }

    @Override
    public synchronized Map<UserId, OrderId> orders(VoucherId voucherId) {
        checkUp();
        Map<UserId, OrderId> byUser = new HashMap<>();
        active().filter(o -> o.voucherId().equals(voucherId)).forEach(o -> byUser.put(o.userId(), o.orderId()));
        return byUser;
    }

    @Override
    public synchronized Optional<LedgerStats> stats(VoucherId voucherId) {
        checkUp();
        return catalogue
                .find(voucherId)
                .map(sale -> new LedgerStats(
                        sale.stock(),
                        stockOf(voucherId),
                        active().filter(o -> o.voucherId().equals(voucherId)).count(),
                        failed.values().stream()
                                .filter(o -> o.voucherId().equals(voucherId))
                                .count(),
                        countOf(voucherId, OrderStatus.PAID),
                        countOf(voucherId, OrderStatus.CANCELLED)));
    }

    private long countOf(VoucherId voucherId, OrderStatus status) {
        return orders.values().stream()
                .filter(o -> o.voucherId().equals(voucherId) && states.get(o.orderId()) == status)
                .count();
    }

    private void checkUp() {
        if (down) {
            throw new ServiceUnavailableException("mysql", "simulated outage", null);
        }
    }
}
