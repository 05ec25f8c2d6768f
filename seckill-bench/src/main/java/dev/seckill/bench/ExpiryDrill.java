package dev.seckill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --drill expire}, after the burst has sold out and drained: a third of the buyers pay, a
 * third cancel, a third do nothing. Once the deadline has passed, the late payments must be
 * refused and fresh buyers must take exactly the units that came back, no more. The servers run
 * with a {@link #paymentTimeout} just long enough for the burst and its drain; the audit then
 * checks that Redis and the DB agree.
 */
final class ExpiryDrill {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryDrill.class);
    // the burst and its drain must end before the first order expires: the drill pays and cancels then
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int EXTRA_BUYERS = 10;

    private final AdminApi api;
    private final BuyerApi buyerApi;
    private final long voucherId;
    private final List<String> tokens;
    private final Consumer<String> events;
    private final List<Audit.Line> lines = new ArrayList<>();
    private final List<LoadRecorder.Accept> resold = new ArrayList<>();

    /** The servers' {@code order.paymentTimeout} for a burst spread over {@code rampWindow}. */
    static Duration paymentTimeout(Duration rampWindow) {
        return rampWindow.plus(DRAIN_MARGIN);
    }

    ExpiryDrill(AdminApi api, long voucherId, List<String> tokens, Consumer<String> events) {
        this.api = api;
        this.buyerApi = new BuyerApi(api.base());
        this.voucherId = voucherId;
        this.tokens = tokens;
        this.events = events;
    }

    /** Runs the drill on the burst's accepted orders (all recorded by now). */
    void run(List<LoadRecorder.Accept> accepted) {
        List<LoadRecorder.Accept> payers = new ArrayList<>();
        List<LoadRecorder.Accept> cancellers = new ArrayList<>();
        List<LoadRecorder.Accept> idle = new ArrayList<>();
        for (LoadRecorder.Accept accept : distinct(accepted)) {
            List.of(payers, cancellers, idle).get((int) (accept.orderId() % 3)).add(accept);
        }
        long paid = payers.stream()
                .filter(a -> "PAID".equals(change(a, "pay").data()))
                .count();
        long cancelled = cancellers.stream()
                .filter(a -> "CANCELLED".equals(change(a, "cancel").data()))
                .count();
        events.accept("expire: %d of %d paid, %d of %d cancelled, %d left unpaid"
                .formatted(paid, payers.size(), cancelled, cancellers.size(), idle.size()));
        lines.add(new Audit.Line(
                "drill",
                "expire: paid and cancelled in time",
                paid == payers.size() && cancelled == cancellers.size(),
                "%d of %d payments, %d of %d cancels answered 200"
                        .formatted(paid, payers.size(), cancelled, cancellers.size())));

        boolean expired = awaitExpired(idle);
        long refused = idle.stream()
                .filter(a -> "ORDER_EXPIRED".equals(change(a, "pay").code()))
                .count();
        events.accept("expire: %d unpaid orders expired; %d late payments refused"
                .formatted(expired ? idle.size() : 0, refused));
        lines.add(new Audit.Line(
                "drill",
                "expire: late payments refused",
                expired && refused == idle.size(),
                "%d of %d unpaid orders expired in time; %d of their late payments answered ORDER_EXPIRED"
                        .formatted(expired ? idle.size() : 0, idle.size(), refused)));

        long onSale =
                awaitSettled(payers.size()).map(AdminApi.Stats::redisStock).orElse(-1L);
        int fresh = resell(accepted, (int) Math.max(0, onSale) + EXTRA_BUYERS);
        long soldOut = (long) fresh - resold.size();
        events.accept("expire: %d units back on sale; %d fresh buyers took %d, %d answered SOLD_OUT"
                .formatted(onSale, fresh, resold.size(), soldOut));
        lines.add(new Audit.Line(
                "drill",
                "expire: returned units sold once",
                onSale == cancellers.size() + idle.size() && resold.size() == Math.min(onSale, fresh),
                "%d cancelled and %d expired; %d units back on sale; %d fresh buyers got %d of them"
                        .formatted(cancellers.size(), idle.size(), onSale, fresh, resold.size())));
        awaitSettled(payers.size() + resold.size());
    }

    /** Until {@code orders} orders not cancelled are in the DB, nothing is pending and Redis agrees; the stats then. */
    private Optional<AdminApi.Stats> awaitSettled(long orders) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<AdminApi.Stats> settled = api.stats(voucherId)
                    .filter(s -> s.pendingOrders() == 0 && s.dbOrders() == orders && s.redisStock() == s.dbStock());
            if (settled.isPresent()) {
                return settled;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        LOG.warn(
                "{} orders not cancelled were not settled after {}: auditing what there is",
                orders,
                Durations.format(PATIENCE));
        return Optional.empty();
    }

    List<Audit.Line> lines() {
        return List.copyOf(lines);
    }

    /** The orders the fresh buyers were answered, for the audit's count of what was accepted. */
    List<LoadRecorder.Accept> resold() {
        return List.copyOf(resold);
    }

    private BuyerApi.Answer change(LoadRecorder.Accept accept, String action) {
        return buyerApi.post("/voucher-order/" + accept.orderId() + "/" + action, tokens.get(accept.slot()));
    }

    private boolean awaitExpired(List<LoadRecorder.Accept> idle) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Set<Long> waiting = new HashSet<>();
        idle.forEach(a -> waiting.add(a.orderId()));
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (LoadRecorder.Accept accept : idle) {
                if (waiting.contains(accept.orderId())
                        && "CANCELLED".equals(buyerApi.orderStatus(accept.orderId(), tokens.get(accept.slot())))) {
                    waiting.remove(accept.orderId());
                }
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        if (!waiting.isEmpty()) {
            LOG.warn("{} unpaid orders had not expired after {}", waiting.size(), Durations.format(PATIENCE));
        }
        return waiting.isEmpty();
    }

    /** Buyers who hold no order try once each; returns how many tried. */
    private int resell(List<LoadRecorder.Accept> accepted, int buyers) {
        Set<Integer> holders = new HashSet<>();
        accepted.forEach(a -> holders.add(a.slot()));
        int tried = 0;
        for (int slot = 0; slot < tokens.size() && tried < buyers; slot++) {
            if (holders.contains(slot)) {
                continue;
            }
            tried++;
            BuyerApi.Answer answer = buyerApi.post("/voucher-order/seckill/" + voucherId, tokens.get(slot));
            if (answer.ok()) {
                resold.add(new LoadRecorder.Accept(slot, Long.parseLong(answer.data()), System.nanoTime()));
            }
        }
        return tried;
    }

    private static List<LoadRecorder.Accept> distinct(List<LoadRecorder.Accept> accepted) {
        Set<Long> seen = new HashSet<>();
        return accepted.stream().filter(a -> seen.add(a.orderId())).toList();
    }
}
