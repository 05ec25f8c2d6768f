package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.VoucherCatalogue;
import dev.seckill.domain.testing.OrderLedgerContract;
import dev.seckill.testsupport.TestServices;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The domain's ledger contract, and what the issue asks beyond it, against the real database. */
class MySqlOrderLedgerIT extends OrderLedgerContract {

    private static final String NAME = TestServices.uniqueName("seckill_it");

    private static MySqlDatabase database;
    private static MySqlOrderLedger ledger;
    private static MySqlVoucherCatalogue catalogue;
    private static Jdbi direct;

    @BeforeAll
    static void open() {
        database = MySqlDatabase.open(TestDatabases.settings(NAME));
        ledger = new MySqlOrderLedger(database, PAYMENT_TIMEOUT, RECORDING_CLOCK, OpenTelemetry.noop());
        catalogue = new MySqlVoucherCatalogue(database);
        direct = TestDatabases.direct(NAME);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
        TestDatabases.drop(NAME);
    }

    @Override
    protected OrderLedger ledger() {
        return ledger;
    }

    @Override
    protected OrderSettlement settlement() {
        return new MySqlOrderSettlement(database);
    }

    @Override
    protected VoucherCatalogue catalogue() {
        return catalogue;
    }

    @Test
    void aLargeBatchRecordedTwiceIsAllAlreadyRecordedTheSecondTime() {
        VoucherId a = voucherWithStock(200);
        VoucherId b = voucherWithStock(250);
        List<SeckillOrder> batch = new ArrayList<>();
        for (long user = 1; user <= 200; user++) {
            batch.add(order(a, user));
            batch.add(order(b, user));
        }
        List<RecordResult> first = ledger.record(batch);
        List<Map<String, Object>> rowsAfterFirst = rows(a, b);

        List<RecordResult> second = ledger.record(batch);

        assertThat(outcomes(first)).hasSize(400).containsOnly(RecordOutcome.CREATED);
        assertThat(outcomes(second)).hasSize(400).containsOnly(RecordOutcome.ALREADY_RECORDED);
        assertThat(rows(a, b)).isEqualTo(rowsAfterFirst);
        assertThat(ledger.stats(a)).contains(new LedgerStats(200, 0, 200, 0));
        assertThat(ledger.stats(b)).contains(new LedgerStats(250, 50, 200, 0));
    }

    @Test
    void aBatchTheStockCoversOnlyPartlyCreatesTheFirstOrdersAndExhaustsTheRest() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder earlier = order(voucher, 1);
        ledger.record(List.of(earlier));
        List<SeckillOrder> batch = new ArrayList<>();
        batch.add(order(voucher, 1)); // the same user again: not a sale
        for (long user = 2; user <= 8; user++) {
            batch.add(order(voucher, user));
        }

        List<RecordResult> results = ledger.record(batch);

        assertThat(outcomes(results))
                .containsExactly(
                        RecordOutcome.ALREADY_RECORDED,
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.CREATED,
                        RecordOutcome.STOCK_EXHAUSTED,
                        RecordOutcome.STOCK_EXHAUSTED,
                        RecordOutcome.STOCK_EXHAUSTED);
        assertThat(ledger.orders(voucher))
                .containsOnly(
                        Map.entry(new UserId(1), earlier.orderId()),
                        Map.entry(new UserId(2), batch.get(1).orderId()),
                        Map.entry(new UserId(3), batch.get(2).orderId()),
                        Map.entry(new UserId(4), batch.get(3).orderId()),
                        Map.entry(new UserId(5), batch.get(4).orderId()));
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(5, 0, 5, 0));
    }

    @Test
    void aDeadLetteredOrderDeliveredAgainIsNotCreatedUntilItIsReplayed() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder order = order(voucher, 1);
        ledger.markFailed(order, "write failed three times");

        assertThat(outcomes(ledger.record(List.of(order)))).containsExactly(RecordOutcome.ALREADY_RECORDED);
        assertThat(ledger.find(order.orderId()))
                .hasValueSatisfying(view -> assertThat(view.status()).isEqualTo(OrderStatus.FAILED));
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(5, 5, 0, 1));
        // the user got the reservation back, so a new order of theirs is a sale
        assertThat(outcomes(ledger.record(List.of(order(voucher, 1))))).containsExactly(RecordOutcome.CREATED);

        ledger.clearFailed(order.orderId());
        SeckillOrder otherUser = new SeckillOrder(order.orderId(), new UserId(2), voucher, order.createdAt());
        assertThat(outcomes(ledger.record(List.of(otherUser)))).containsExactly(RecordOutcome.CREATED);
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(5, 3, 2, 0));
    }

    @Test
    void aRecordedOrderIsNeverMarkedFailed() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder order = order(voucher, 1);
        ledger.record(List.of(order));

        ledger.markFailed(order, "a late dead letter");

        assertThat(ledger.find(order.orderId()))
                .hasValueSatisfying(view -> assertThat(view.status()).isEqualTo(OrderStatus.CREATED));
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(5, 4, 1, 0));
    }

    @Test
    void anOrderOfAVoucherWithoutASeckillRowFailsAndTouchesNothing() {
        VoucherId known = voucherWithStock(5);
        VoucherId unknown = new VoucherId(Long.MAX_VALUE - 7);

        List<RecordResult> results = ledger.record(List.of(order(known, 1), order(unknown, 1), order(known, 2)));

        assertThat(outcomes(results))
                .containsExactly(RecordOutcome.CREATED, RecordOutcome.FAILED, RecordOutcome.CREATED);
        assertThat(results.get(1).failure()).contains("unknown voucher");
        assertThat(ledger.find(results.get(1).order().orderId())).isEmpty();
        assertThat(ledger.stats(known).orElseThrow().stock()).isEqualTo(3);
    }

    @Test
    void anOrderTheDatabaseRejectsFailsAloneAndTheOthersAreRecorded() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder before = order(voucher, 1);
        // a DATETIME ends with the year 9999: the insert of this order is refused
        SeckillOrder poison = new SeckillOrder(
                order(voucher, 2).orderId(), new UserId(2), voucher, Instant.parse("+10000-01-01T00:00:00Z"));
        SeckillOrder after = order(voucher, 3);

        List<RecordResult> results = ledger.record(List.of(before, poison, after));

        assertThat(outcomes(results))
                .containsExactly(RecordOutcome.CREATED, RecordOutcome.FAILED, RecordOutcome.CREATED);
        assertThat(results.get(1).failure()).isNotBlank().doesNotContain("\tat ");
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(5, 3, 2, 0));
        assertThat(ledger.find(poison.orderId())).isEmpty();
    }

    @Test
    void theOrderTimeIsStoredInUtcToTheMillisecond() {
        VoucherId voucher = voucherWithStock(5);
        Instant at = Instant.parse("2026-11-26T23:59:59.123456Z");
        SeckillOrder order =
                new SeckillOrder(new OrderId(order(voucher, 1).orderId().value()), new UserId(1), voucher, at);

        ledger.record(List.of(order));

        LocalDateTime stored = direct.withHandle(
                handle -> handle.createQuery("SELECT create_time FROM tb_voucher_order WHERE id = :id")
                        .bind("id", order.orderId().value())
                        .map((rs, ctx) -> rs.getObject(1, LocalDateTime.class))
                        .one());
        assertThat(stored.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-26T23:59:59.123Z"));
    }

    @Test
    void idsBeyondWhatADoubleHoldsAreStoredAndRecognisedExactly() {
        VoucherId voucher = voucherWithStock(5);
        // the batch travels to the database as JSON: 2^53 + 1 is where a double would round
        SeckillOrder order = new SeckillOrder(
                new OrderId(Long.MAX_VALUE - 2),
                new UserId((1L << 53) + 1),
                voucher,
                Instant.parse("2026-11-26T12:00:00Z"));

        assertThat(outcomes(ledger.record(List.of(order)))).containsExactly(RecordOutcome.CREATED);

        assertThat(ledger.find(order.orderId())).map(OrderView::userId).contains(order.userId());
        assertThat(ledger.orders(voucher)).containsEntry(order.userId(), order.orderId());
        assertThat(outcomes(ledger.record(List.of(order)))).containsExactly(RecordOutcome.ALREADY_RECORDED);
    }

    @Test
    void theStockCannotBeMadeNegativeEvenBehindTheLedgersBack() {
        VoucherId voucher = voucherWithStock(1);

        assertThatThrownBy(() -> direct.useHandle(handle -> handle.execute(
                        "UPDATE tb_seckill_voucher SET stock = stock - 2 WHERE voucher_id = ?", voucher.value())))
                .hasMessageContaining("ck_seckill_voucher_stock_not_negative");
        assertThat(ledger.stats(voucher).orElseThrow().stock()).isEqualTo(1);
    }

    @Test
    void oneUserCannotHoldTwoOrdersOfAVoucherNotCancelledEvenBehindTheLedgersBack() {
        VoucherId voucher = voucherWithStock(5);
        SeckillOrder held = order(voucher, 1);
        ledger.record(List.of(held));
        String insert = "INSERT INTO tb_voucher_order (id, user_id, voucher_id, create_time) VALUES (?, 1, ?, NOW(3))";

        assertThatThrownBy(() -> direct.useHandle(handle ->
                        handle.execute(insert, order(voucher, 1).orderId().value(), voucher.value())))
                .hasMessageContaining("uk_active_user_voucher");
        settlement().cancel(held.orderId(), CancelReason.BUYER, held.createdAt());
        direct.useHandle(
                handle -> handle.execute(insert, order(voucher, 1).orderId().value(), voucher.value()));
    }

    private static List<Map<String, Object>> rows(VoucherId a, VoucherId b) {
        return direct.withHandle(handle -> {
            List<Map<String, Object>> rows = new ArrayList<>(handle.createQuery("""
                            SELECT id, user_id, voucher_id, status, create_time FROM tb_voucher_order
                            WHERE voucher_id IN (:a, :b) ORDER BY id""")
                    .bind("a", a.value())
                    .bind("b", b.value())
                    .mapToMap()
                    .list());
            rows.addAll(handle.createQuery(
                            "SELECT voucher_id, stock FROM tb_seckill_voucher WHERE voucher_id IN (:a, :b) ORDER BY voucher_id")
                    .bind("a", a.value())
                    .bind("b", b.value())
                    .mapToMap()
                    .list());
            return rows;
        });
    }
}
