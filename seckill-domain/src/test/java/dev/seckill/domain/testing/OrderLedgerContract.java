package dev.seckill.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What every {@link OrderLedger} with its {@link OrderSettlement} and {@link VoucherCatalogue} must do. */
public abstract class OrderLedgerContract {

    /** The payment timeout the ledgers under test are made with. */
    public static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);

    private static final Instant BEFORE_EVERY_ORDER = Instant.parse("2020-01-01T00:00:00Z");

    /**
     * The clock the ledgers under test record by: set before every order the tests make (so each order's window starts
     * at its acceptance), unless a test moves it.
     */
    protected static final MutableClock RECORDING_CLOCK = new MutableClock(BEFORE_EVERY_ORDER);

    private static final AtomicLong IDS =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));

    protected abstract OrderLedger ledger();

    /** The same store's settlement of the recorded orders. */
    protected abstract OrderSettlement settlement();

    protected abstract VoucherCatalogue catalogue();

    protected VoucherId voucherWithStock(int stock) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return catalogue()
                .register(new NewSeckillVoucher(
                        1,
                        "contract test",
                        "sub",
                        "rules",
                        8000,
                        10000,
                        stock,
                        new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))));
    }

    protected static SeckillOrder order(VoucherId voucher, long user) {
        return new SeckillOrder(
                new OrderId(IDS.incrementAndGet()),
                new UserId(user),
                voucher,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    protected static List<RecordOutcome> outcomes(List<RecordResult> results) {
        return results.stream().map(RecordResult::outcome).toList();
    }

    @Test
    void registeredVoucherIsFoundWithItsSale() {
        Instant begin = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1));
        SaleWindow window = new SaleWindow(begin, begin.plus(Duration.ofHours(2)));
        VoucherId voucher = catalogue()
                .register(new NewSeckillVoucher(3, "100 off", "weekend", "one each", 8000, 10000, 50, window));

        assertThat(catalogue().find(voucher)).contains(new VoucherSale(voucher, 50, window));
        assertThat(catalogue().salesEndingAfter(begin))
                .extracting(VoucherSale::voucherId)
                .contains(voucher);
        assertThat(catalogue().salesEndingAfter(window.end().plusSeconds(1)))
                .extracting(VoucherSale::voucherId)
                .doesNotContain(voucher);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(50, 50, 0, 0));
    }

    @Test
    void recordsOrdersAndTakesOneUnitEach() {
        VoucherId voucher = voucherWithStock(10);
        SeckillOrder first = order(voucher, 1);
        SeckillOrder second = order(voucher, 2);

        List<RecordResult> results = ledger().record(List.of(first, second));

        assertThat(outcomes(results)).containsExactly(RecordOutcome.CREATED, RecordOutcome.CREATED);
        assertThat(results).extracting(RecordResult::order).containsExactly(first, second);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(10, 8, 2, 0));
        assertThat(ledger().find(first.orderId())).hasValueSatisfying(view -> {
            assertThat(view.status()).isEqualTo(OrderStatus.CREATED);
            assertThat(view.userId()).isEqualTo(first.userId());
            assertThat(view.voucherId()).isEqualTo(voucher);
        });
        assertThat(ledger().orders(voucher))
                .containsEntry(first.userId(), first.orderId())
                .containsEntry(second.userId(), second.orderId())
                .hasSize(2);
    }

    @Test
    void recordingTheSameBatchAgainChangesNothing() {
        VoucherId voucher = voucherWithStock(10);
        List<SeckillOrder> batch = List.of(order(voucher, 1), order(voucher, 2), order(voucher, 3));
        ledger().record(batch);

        List<RecordResult> again = ledger().record(batch);

        assertThat(outcomes(again)).containsOnly(RecordOutcome.ALREADY_RECORDED).hasSize(3);
        assertThat(ledger().stats(voucher).orElseThrow().stock()).isEqualTo(7);
    }

    @Test
    void aSecondOrderOfTheSameUserIsAlreadyRecorded() {
        VoucherId voucher = voucherWithStock(10);
        ledger().record(List.of(order(voucher, 1)));

        List<RecordResult> results = ledger().record(List.of(order(voucher, 1), order(voucher, 2), order(voucher, 2)));

        assertThat(outcomes(results))
                .containsExactly(RecordOutcome.ALREADY_RECORDED, RecordOutcome.CREATED, RecordOutcome.ALREADY_RECORDED);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(10, 8, 2, 0));
    }

    @Test
    void ordersBeyondTheStockAreExhaustedAndNotInserted() {
        VoucherId voucher = voucherWithStock(3);
        List<SeckillOrder> batch = new ArrayList<>();
        for (long user = 1; user <= 5; user++) {
            batch.add(order(voucher, user));
        }

        List<RecordResult> results = ledger().record(batch);

        assertThat(outcomes(results))
                .containsExactly(
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.STOCK_EXHAUSTED,
                        RecordOutcome.STOCK_EXHAUSTED);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(3, 0, 3, 0));
        assertThat(ledger().find(batch.get(4).orderId())).isEmpty();
    }

    @Test
    void theOutcomeDoesNotDependOnHowOrdersAreBatched() {
        VoucherId together = voucherWithStock(4);
        VoucherId split = voucherWithStock(4);
        List<RecordOutcome> inOneBatch = new ArrayList<>();
        List<RecordOutcome> oneByOne = new ArrayList<>();
        long[] users = {1, 2, 2, 3, 4, 5, 6};

        List<SeckillOrder> batch = new ArrayList<>();
        for (long user : users) {
            batch.add(order(together, user));
        }
        inOneBatch.addAll(outcomes(ledger().record(batch)));
        for (long user : users) {
            oneByOne.addAll(outcomes(ledger().record(List.of(order(split, user)))));
        }

        assertThat(inOneBatch).isEqualTo(oneByOne);
        assertThat(ledger().stats(together).orElseThrow().stock()).isZero();
        assertThat(ledger().stats(split).orElseThrow().stock()).isZero();
    }

    @Test
    void ordersOfSeveralVouchersInOneBatch() {
        VoucherId a = voucherWithStock(1);
        VoucherId b = voucherWithStock(2);

        List<RecordResult> results = ledger().record(List.of(order(a, 1), order(b, 1), order(a, 2), order(b, 2)));

        assertThat(outcomes(results))
                .containsExactly(
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.STOCK_EXHAUSTED,
                        RecordOutcome.CREATED);
        assertThat(ledger().stats(a).orElseThrow().stock()).isZero();
        assertThat(ledger().stats(b).orElseThrow().stock()).isZero();
    }

    @Test
    void anEmptyBatchRecordsNothing() {
        assertThat(ledger().record(List.of())).isEmpty();
    }

    @Test
    void aFailedOrderIsReportedFailedUntilCleared() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder order = order(voucher, 1);

        assertThat(ledger().markFailed(order, "write failed three times")).isTrue();
        assertThat(ledger().markFailed(order, "write failed three times"))
                .as("idempotent")
                .isTrue();

        assertThat(ledger().find(order.orderId()))
                .hasValueSatisfying(view -> assertThat(view.status()).isEqualTo(OrderStatus.FAILED));
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(5, 5, 0, 1));

        ledger().clearFailed(order.orderId());
        assertThat(ledger().find(order.orderId())).isEmpty();
        assertThat(ledger().stats(voucher).orElseThrow().failedOrders()).isZero();
    }

    @Test
    void aRecordedOrderIsNeverMarkedFailed() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder order = order(voucher, 1);
        ledger().record(List.of(order));

        assertThat(ledger().markFailed(order, "a stale retry of it was dead-lettered"))
                .isFalse();

        assertThat(ledger().find(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.CREATED);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(5, 4, 1, 0));
    }

    @Test
    void aFailedOrderDeliveredAgainIsNotCreated() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder order = order(voucher, 1);
        ledger().markFailed(order, "dead-lettered");

        assertThat(outcomes(ledger().record(List.of(order)))).containsExactly(RecordOutcome.ALREADY_RECORDED);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(5, 5, 0, 1));
    }

    @Test
    void anOrderForAnUnknownVoucherFailsAndTouchesNothing() {
        VoucherId known = voucherWithStock(5);
        SeckillOrder unknown = order(new VoucherId(Long.MAX_VALUE - 7), 1);

        List<RecordResult> results = ledger().record(List.of(unknown, order(known, 1)));

        assertThat(outcomes(results)).containsExactly(RecordOutcome.FAILED, RecordOutcome.CREATED);
        assertThat(results.get(0).failure()).contains("unknown voucher");
        assertThat(ledger().find(unknown.orderId())).isEmpty();
    }

    @Test
    void knowsNothingOfAnUnknownVoucherOrOrder() {
        assertThat(ledger().stats(new VoucherId(Long.MAX_VALUE))).isEmpty();
        assertThat(catalogue().find(new VoucherId(Long.MAX_VALUE))).isEmpty();
        assertThat(ledger().find(new OrderId(Long.MAX_VALUE))).isEmpty();
    }

    // ---- the payment deadline -------------------------------------------------------------------

    @Test
    void aRecordedOrderAwaitsPaymentUntilItsDeadline() {
        VoucherId voucher = voucherWithStock(3);
        SeckillOrder order = order(voucher, 1);
        ledger().record(List.of(order));

        OrderView view = ledger().find(order.orderId()).orElseThrow();

        assertThat(view.status()).isEqualTo(OrderStatus.CREATED);
        assertThat(view.createdAt()).isEqualTo(order.createdAt());
        assertThat(view.payDeadline()).isEqualTo(order.createdAt().plus(PAYMENT_TIMEOUT));
        assertThat(view.cancelReason()).isNull();
    }

    @Test
    void anOrderRecordedLateHasTheWholePaymentWindowFromItsRecording() {
        VoucherId voucher = voucherWithStock(3);
        SeckillOrder order = order(voucher, 1);
        // the pipeline recorded it longer after its acceptance than the whole payment timeout
        Instant recordedAt = order.createdAt().plus(PAYMENT_TIMEOUT).plus(Duration.ofMinutes(5));
        RECORDING_CLOCK.set(recordedAt);
        try {
            ledger().record(List.of(order));
        } finally {
            RECORDING_CLOCK.set(BEFORE_EVERY_ORDER);
        }
        Instant deadline = recordedAt.plus(PAYMENT_TIMEOUT);

        assertThat(ledger().find(order.orderId()).orElseThrow().payDeadline()).isEqualTo(deadline);
        assertThat(settlement().overdue(deadline.minusMillis(1), 100)).doesNotContain(order.orderId());
        assertThat(settlement()
                        .cancel(order.orderId(), CancelReason.EXPIRED, deadline.minusMillis(1))
                        .orElseThrow()
                        .status())
                .as("not due before the window recorded")
                .isEqualTo(OrderStatus.CREATED);
        assertThat(settlement()
                        .pay(order.orderId(), deadline.minusMillis(1))
                        .orElseThrow()
                        .status())
                .as("paid a moment before the window ends")
                .isEqualTo(OrderStatus.PAID);
    }

    @Test
    void anOrderPaidInTimeIsPaidOnceAndCanNoLongerBeCancelled() {
        VoucherId voucher = voucherWithStock(3);
        SeckillOrder order = order(voucher, 1);
        ledger().record(List.of(order));
        Instant beforeDeadline = order.createdAt().plus(PAYMENT_TIMEOUT).minusMillis(1);

        assertThat(settlement()
                        .pay(order.orderId(), beforeDeadline)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.PAID);
        assertThat(settlement()
                        .pay(order.orderId(), beforeDeadline)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.PAID);
        assertThat(settlement()
                        .cancel(order.orderId(), CancelReason.BUYER, beforeDeadline)
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.PAID);
        assertThat(settlement()
                        .cancel(order.orderId(), CancelReason.EXPIRED, beforeDeadline.plus(PAYMENT_TIMEOUT))
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.PAID);
        assertThat(settlement().overdue(beforeDeadline.plus(PAYMENT_TIMEOUT), 10))
                .doesNotContain(order.orderId());
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(3, 2, 1, 0, 1, 0));
        assertThat(settlement().pay(new OrderId(IDS.incrementAndGet()), beforeDeadline))
                .isEmpty();
    }

    @Test
    void aPaymentAtTheDeadlineChangesNothingAndTheOrderExpiresWithItsUnitBackOnce() {
        VoucherId voucher = voucherWithStock(3);
        SeckillOrder order = order(voucher, 1);
        ledger().record(List.of(order));
        Instant deadline = order.createdAt().plus(PAYMENT_TIMEOUT);

        assertThat(settlement().pay(order.orderId(), deadline).orElseThrow().status())
                .isEqualTo(OrderStatus.CREATED);
        assertThat(settlement().overdue(deadline.minusMillis(1), 100)).doesNotContain(order.orderId());
        assertThat(settlement()
                        .cancel(order.orderId(), CancelReason.EXPIRED, deadline.minusMillis(1))
                        .orElseThrow()
                        .status())
                .as("not due yet")
                .isEqualTo(OrderStatus.CREATED);
        assertThat(settlement().overdue(deadline, 100)).contains(order.orderId());

        OrderView expired = settlement()
                .cancel(order.orderId(), CancelReason.EXPIRED, deadline)
                .orElseThrow();
        settlement().cancel(order.orderId(), CancelReason.EXPIRED, deadline);
        settlement().cancel(order.orderId(), CancelReason.BUYER, deadline);

        assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(expired.cancelReason()).isEqualTo(CancelReason.EXPIRED);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(3, 3, 0, 0, 0, 1));
        assertThat(settlement().overdue(deadline, 100)).doesNotContain(order.orderId());
        assertThat(settlement()
                        .pay(order.orderId(), deadline.minusSeconds(1))
                        .orElseThrow()
                        .status())
                .isEqualTo(OrderStatus.CANCELLED);
        assertThat(settlement().unitsToReturn(1_000))
                .extracting(SeckillOrder::orderId)
                .contains(order.orderId());
        settlement().unitReturned(order.orderId());
        assertThat(settlement().unitsToReturn(1_000))
                .extracting(SeckillOrder::orderId)
                .doesNotContain(order.orderId());
    }

    @Test
    void aBuyerWhoCancelledMayBuyAgainAndTheCancelledOrderIsNeverRecordedAgain() {
        VoucherId voucher = voucherWithStock(1);
        SeckillOrder first = order(voucher, 7);
        ledger().record(List.of(first));

        OrderView cancelled = settlement()
                .cancel(first.orderId(), CancelReason.BUYER, first.createdAt())
                .orElseThrow();

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo(CancelReason.BUYER);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(1, 1, 0, 0, 0, 1));
        assertThat(ledger().orders(voucher)).isEmpty();
        assertThat(outcomes(ledger().record(List.of(first)))).containsExactly(RecordOutcome.ALREADY_RECORDED);
        SeckillOrder again = order(voucher, 7);
        assertThat(outcomes(ledger().record(List.of(again)))).containsExactly(RecordOutcome.CREATED);
        assertThat(ledger().orders(voucher))
                .containsEntry(new UserId(7), again.orderId())
                .hasSize(1);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(1, 0, 1, 0, 0, 1));
    }

    @Test
    void payAndExpiryRacingOnEveryOrderDecideEachOnceAndLoseNoUnit() throws Exception {
        int count = 1_000;
        VoucherId voucher = voucherWithStock(count);
        List<SeckillOrder> orders = new ArrayList<>();
        for (int user = 1; user <= count; user++) {
            orders.add(order(voucher, user));
        }
        ledger().record(orders);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> races = new ArrayList<>();
            for (SeckillOrder order : orders) {
                Instant deadline = order.createdAt().plus(PAYMENT_TIMEOUT);
                // both are allowed on their own: the one compare-and-set picks the winner
                races.add(pool.submit(() -> settlement().pay(order.orderId(), deadline.minusMillis(1))));
                races.add(pool.submit(() -> settlement().cancel(order.orderId(), CancelReason.EXPIRED, deadline)));
                races.add(pool.submit(() -> settlement().cancel(order.orderId(), CancelReason.BUYER, deadline)));
            }
            for (Future<?> race : races) {
                race.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long paid = orders.stream()
                .filter(o -> ledger().find(o.orderId()).orElseThrow().status() == OrderStatus.PAID)
                .count();
        long cancelled = orders.stream()
                .filter(o -> ledger().find(o.orderId()).orElseThrow().status() == OrderStatus.CANCELLED)
                .count();
        assertThat(paid + cancelled).isEqualTo(count);
        assertThat(ledger().stats(voucher)).contains(new LedgerStats(count, cancelled, paid, 0, paid, cancelled));
        assertThat(ledger().orders(voucher)).hasSize((int) paid);
    }
}
