package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration in hmdp's two tables, and the in-memory sales that spare the database on request paths. */
class MySqlVoucherCatalogueIT {

    private static final String NAME = TestServices.uniqueName("seckill_it");
    private static final Duration TTL = Duration.ofSeconds(2);

    private static MySqlDatabase database;
    private static Jdbi direct;

    @BeforeAll
    static void open() {
        database = MySqlDatabase.open(TestDatabases.settings(NAME).withCatalogueCacheTtl(TTL));
        direct = TestDatabases.direct(NAME);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
        TestDatabases.drop(NAME);
    }

    private static NewSeckillVoucher voucher(String title, SaleWindow window) {
        return new NewSeckillVoucher(7, title, "周末可用 🎉", "one per user", 8000, 10000, 100, window);
    }

    private static SaleWindow window() {
        Instant begin = Instant.parse("2026-11-26T12:00:00.250Z");
        return new SaleWindow(begin, begin.plus(Duration.ofHours(2)));
    }

    @Test
    void registersBothHmdpRowsInUtf8mb4WithTheSaleToTheMillisecond() {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);

        VoucherId id = catalogue.register(voucher("100元代金券", window()));

        Map<String, Object> row = direct.withHandle(handle ->
                handle.createQuery("""
                        SELECT v.shop_id, v.title, v.sub_title, v.rules, v.pay_value, v.actual_value, v.type, v.status,
                               sv.stock, sv.initial_stock
                        FROM tb_voucher v JOIN tb_seckill_voucher sv ON sv.voucher_id = v.id WHERE v.id = :id""").bind("id", id.value()).mapToMap().one());
        assertThat(row)
                .containsEntry("title", "100元代金券")
                .containsEntry("sub_title", "周末可用 🎉")
                .containsEntry("rules", "one per user");
        assertThat(row.values()).hasSize(10);
        assertThat(Map.of(
                        "shop_id",
                        row.get("shop_id").toString(),
                        "pay_value",
                        row.get("pay_value").toString(),
                        "actual_value",
                        row.get("actual_value").toString(),
                        "type",
                        row.get("type").toString(),
                        "status",
                        row.get("status").toString(),
                        "stock",
                        row.get("stock").toString(),
                        "initial_stock",
                        row.get("initial_stock").toString()))
                .isEqualTo(Map.of(
                        "shop_id",
                        "7",
                        "pay_value",
                        "8000",
                        "actual_value",
                        "10000",
                        "type",
                        "1",
                        "status",
                        "1",
                        "stock",
                        "100",
                        "initial_stock",
                        "100"));
        // a fresh instance has nothing in memory: this comes from the database
        assertThat(new MySqlVoucherCatalogue(database).find(id)).contains(new VoucherSale(id, 100, window()));
    }

    @Test
    void aSaleIsServedFromMemoryUntilItsTimeIsUp() {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
        VoucherId id = catalogue.register(voucher("cached", window()));
        assertThat(catalogue.find(id)).isPresent();

        direct.useHandle(handle -> handle.execute(
                "UPDATE tb_seckill_voucher SET end_time = end_time + INTERVAL 1 HOUR WHERE voucher_id = ?",
                id.value()));

        assertThat(catalogue.find(id).orElseThrow().window()).isEqualTo(window());
        await().atMost(TTL.multipliedBy(5))
                .untilAsserted(() -> assertThat(
                                catalogue.find(id).orElseThrow().window().end())
                        .isEqualTo(window().end().plus(Duration.ofHours(1))));
    }

    @Test
    void anUnknownVoucherIsRememberedAsUnknownForTheSameTime() {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
        MySqlVoucherCatalogue elsewhere = new MySqlVoucherCatalogue(database);
        VoucherId next = new VoucherId(
                direct.withHandle(handle -> handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1000 FROM tb_voucher")
                        .mapTo(Long.class)
                        .one()));
        assertThat(catalogue.find(next)).isEmpty();

        direct.useHandle(handle -> {
            handle.execute(
                    "INSERT INTO tb_voucher (id, shop_id, title, pay_value, actual_value, type) VALUES (?, 1, 'later', 1, 1, 1)",
                    next.value());
            handle.execute(
                    "INSERT INTO tb_seckill_voucher (voucher_id, stock, initial_stock, begin_time, end_time)"
                            + " VALUES (?, 3, 3, '2026-11-26 12:00:00.250', '2026-11-26 14:00:00.250')",
                    next.value());
        });

        assertThat(catalogue.find(next)).isEmpty();
        assertThat(elsewhere.find(next)).contains(new VoucherSale(next, 3, window()));
        await().atMost(TTL.multipliedBy(5))
                .untilAsserted(() -> assertThat(catalogue.find(next)).isPresent());
    }

    @Test
    void aRegistrationIsSeenAtOnceByItsOwnCatalogueAndSoonByTheOthers() {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
        MySqlVoucherCatalogue elsewhere = new MySqlVoucherCatalogue(database);
        Instant since = window().end().minus(Duration.ofMinutes(1));
        catalogue.salesEndingAfter(since);
        elsewhere.salesEndingAfter(since);

        VoucherId id = catalogue.register(voucher("new sale", window()));

        assertThat(catalogue.salesEndingAfter(since))
                .extracting(VoucherSale::voucherId)
                .contains(id);
        assertThat(catalogue.salesEndingAfter(window().end().plusMillis(1)))
                .extracting(VoucherSale::voucherId)
                .doesNotContain(id);
        assertThat(catalogue.find(id)).contains(new VoucherSale(id, 100, window()));
        await().atMost(TTL.multipliedBy(5))
                .untilAsserted(() -> assertThat(elsewhere.salesEndingAfter(since))
                        .extracting(VoucherSale::voucherId)
                        .contains(id));
    }

    @Test
    void aSaleThatADatetimeCannotHoldIsRefusedBeforeTheDatabaseIsAsked() {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
        Instant begin = Instant.parse("9999-12-31T00:00:00Z");

        assertThatThrownBy(() ->
                        catalogue.register(voucher("too late", new SaleWindow(begin, begin.plus(Duration.ofDays(2))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9999");
    }
}
