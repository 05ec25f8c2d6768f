package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.testsupport.TcpProxy;
import dev.seckill.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network to the database is cut in the middle of a test (through a proxy), then brought back. */
class MySqlLedgerOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlLedgerOutageIT.class);
    private static final Duration DETECTED_WITHIN = Duration.ofSeconds(10);

    private final String name = TestServices.uniqueName("seckill_it");
    private TcpProxy proxy;
    private MySqlDatabase database;
    private Jdbi direct;

    @BeforeEach
    void open() {
        proxy = new TcpProxy(TestServices.database().endpoint());
        database = MySqlDatabase.open(TestDatabases.settings(name, proxy.endpoint()));
        direct = TestDatabases.direct(name);
    }

    @AfterEach
    void close() {
        database.close();
        proxy.close();
        TestDatabases.drop(name);
    }

    @Test
    void aCutIsAnOutageThatRecordsNothingAndRecordingResumesOnceTheDatabaseIsBack() {
        MySqlOrderLedger ledger = new MySqlOrderLedger(database, Duration.ofMinutes(15));
        VoucherId voucher = register(new MySqlVoucherCatalogue(database), 10);
        assertThat(ledger.record(List.of(order(voucher, 1), order(voucher, 2))))
                .extracting(RecordResult::outcome)
                .containsOnly(RecordOutcome.CREATED);
        List<SeckillOrder> batch = List.of(order(voucher, 3), order(voucher, 4), order(voucher, 5));

        proxy.cut();

        long started = System.nanoTime();
        assertThatThrownBy(() -> ledger.record(batch))
                .isInstanceOfSatisfying(
                        ServiceUnavailableException.class,
                        e -> assertThat(e.service()).isEqualTo("mysql"));
        Duration detected = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("outage reported after {} ms", detected.toMillis());
        assertThat(detected).isLessThan(DETECTED_WITHIN);
        assertThatThrownBy(() -> ledger.record(batch)).isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> ledger.stats(voucher)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(database.ping()).isFalse();
        assertThat(directStats(voucher)).isEqualTo(new LedgerStats(10, 8, 2, 0));

        proxy.restore();

        List<RecordResult> resumed = await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(ServiceUnavailableException.class)
                .until(() -> ledger.record(batch), Objects::nonNull);
        assertThat(resumed)
                .extracting(RecordResult::outcome)
                .containsOnly(RecordOutcome.CREATED)
                .hasSize(3);
        assertThat(ledger.stats(voucher)).contains(new LedgerStats(10, 5, 5, 0));
        assertThat(database.ping()).isTrue();
    }

    @Test
    void aLedgerOpenedWhileTheDatabaseIsUnreachableSaysSoQuickly() {
        proxy.cut();

        long started = System.nanoTime();
        assertThatThrownBy(() -> MySqlDatabase.open(TestDatabases.settings(name, proxy.endpoint())))
                .isInstanceOfSatisfying(
                        ServiceUnavailableException.class,
                        e -> assertThat(e.service()).isEqualTo("mysql"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DETECTED_WITHIN);
    }

    private LedgerStats directStats(VoucherId voucher) {
        return direct.withHandle(handle -> handle.createQuery("""
                        SELECT initial_stock, stock,
                               (SELECT COUNT(*) FROM tb_voucher_order WHERE voucher_id = :id),
                               (SELECT COUNT(*) FROM tb_failed_order WHERE voucher_id = :id)
                        FROM tb_seckill_voucher WHERE voucher_id = :id""")
                .bind("id", voucher.value())
                .map((rs, ctx) -> new LedgerStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .one());
    }

    private static VoucherId register(MySqlVoucherCatalogue catalogue, int stock) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return catalogue.register(new NewSeckillVoucher(
                1,
                "outage",
                "sub",
                "rules",
                100,
                200,
                stock,
                new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))));
    }

    private static SeckillOrder order(VoucherId voucher, long user) {
        return new SeckillOrder(
                new OrderId(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 60)),
                new UserId(user),
                voucher,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
