package dev.seckill.mysql;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * hmdp's {@code tb_voucher} and {@code tb_seckill_voucher}. Sales are served from memory for
 * {@link MySqlSettings#catalogueCacheTtl()} so that request paths do not query the database each
 * time; a registration through this instance is seen at once, one through another instance
 * within that time.
 */
public final class MySqlVoucherCatalogue implements VoucherCatalogue {

    static final int MAX_CACHED_VOUCHERS = 10_000;

    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String SALE_COLUMNS = """
            SELECT sv.voucher_id, sv.initial_stock, sv.begin_time, sv.end_time
            FROM tb_seckill_voucher sv JOIN tb_voucher v ON v.id = sv.voucher_id
            """;

    private record Cached(Optional<VoucherSale> sale, long expiresAt) {}

    private record Ending(Instant since, List<VoucherSale> sales, long expiresAt) {}

    private final MySqlDatabase database;
    private final long ttlNanos;
    private final Map<VoucherId, Cached> sales = new ConcurrentHashMap<>();
    // bumped by every registration, so that a read that started before it does not cache an older answer
    private final AtomicLong generation = new AtomicLong();
    private volatile Ending ending;

    public MySqlVoucherCatalogue(MySqlDatabase database) {
        this.database = database;
        this.ttlNanos = database.settings().catalogueCacheTtl().toNanos();
    }

    /**
     * Inserts the voucher (type 1 seckill, status 1 on sale) and its seckill row with stock and initial
     * stock both {@code voucher.stock()}, in one transaction. Times are kept to the millisecond.
     *
     * @throws IllegalArgumentException when the sale window does not fit a DATETIME (years 1000 to 9999)
     *         or lasts less than a millisecond
     */
    @Override
    public VoucherId register(NewSeckillVoucher voucher) {
        SaleWindow window = storable(voucher.window());
        long id = database.inTransaction(handle -> {
            long voucherId = handle.createUpdate("""
                            INSERT INTO tb_voucher (shop_id, title, sub_title, rules, pay_value, actual_value, type, status)
                            VALUES (:shopId, :title, :subTitle, :rules, :payValue, :actualValue, 1, 1)""")
                    .bind("shopId", voucher.shopId())
                    .bind("title", voucher.title())
                    .bind("subTitle", voucher.subTitle())
                    .bind("rules", voucher.rules())
                    .bind("payValue", voucher.payValue())
                    .bind("actualValue", voucher.actualValue())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            handle.createUpdate("""
                            INSERT INTO tb_seckill_voucher (voucher_id, stock, initial_stock, begin_time, end_time)
                            VALUES (:voucherId, :stock, :stock, :beginTime, :endTime)""")
                    .bind("voucherId", voucherId)
                    .bind("stock", voucher.stock())
                    .bind("beginTime", UtcColumns.toColumn(window.begin()))
                    .bind("endTime", UtcColumns.toColumn(window.end()))
                    .execute();
            return voucherId;
        });
        VoucherId voucherId = new VoucherId(id);
        generation.incrementAndGet();
        ending = null;
        remember(voucherId, Optional.of(new VoucherSale(voucherId, voucher.stock(), window)), System.nanoTime());
        return voucherId;
    }

    private static SaleWindow storable(SaleWindow window) {
        if (window.begin().isBefore(EARLIEST) || window.end().isAfter(LATEST)) {
            throw new IllegalArgumentException("beginTime and endTime must lie between the years 1000 and 9999");
        }
        Instant begin = UtcColumns.stored(window.begin());
        Instant end = UtcColumns.stored(window.end());
        if (!end.isAfter(begin)) {
            throw new IllegalArgumentException("the sale must last at least a millisecond");
        }
        return new SaleWindow(begin, end);
    }

    /** @throws ServiceUnavailableException when the sale is not in memory and the database cannot be reached */
    @Override
    public Optional<VoucherSale> find(VoucherId voucherId) {
        long now = System.nanoTime();
        Cached cached = sales.get(voucherId);
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.sale();
        }
        long seen = generation.get();
        Optional<VoucherSale> sale =
                database.withHandle(handle -> handle.createQuery(SALE_COLUMNS + "WHERE sv.voucher_id = :voucherId")
                        .bind("voucherId", voucherId.value())
                        .map((rs, ctx) -> sale(rs))
                        .findOne());
        if (generation.get() == seen) {
            remember(voucherId, sale, now);
        }
        return sale;
    }

    private void remember(VoucherId voucherId, Optional<VoucherSale> sale, long now) {
        // unknown ids are remembered too (a flood of them must not reach the database), so the map is bounded
        if (sales.size() >= MAX_CACHED_VOUCHERS) {
            sales.values().removeIf(entry -> now - entry.expiresAt() >= 0);
            if (sales.size() >= MAX_CACHED_VOUCHERS) {
                sales.clear();
            }
        }
        sales.put(voucherId, new Cached(sale, now + ttlNanos));
    }

    /** @throws ServiceUnavailableException when the sales are not in memory and the database cannot be reached */
    @Override
    public List<VoucherSale> salesEndingAfter(Instant since) {
        long now = System.nanoTime();
        Ending cached = ending;
        if (cached != null && now - cached.expiresAt() < 0 && !since.isBefore(cached.since())) {
            return endingAfter(cached.sales(), since);
        }
        long seen = generation.get();
        List<VoucherSale> found = database.withHandle(
                handle -> handle.createQuery(SALE_COLUMNS + "WHERE sv.end_time >= :since ORDER BY sv.voucher_id")
                        .bind("since", UtcColumns.toColumn(since))
                        .map((rs, ctx) -> sale(rs))
                        .list());
        if (generation.get() == seen) {
            ending = new Ending(since, List.copyOf(found), now + ttlNanos);
        }
        return endingAfter(found, since);
    }

    private static List<VoucherSale> endingAfter(List<VoucherSale> sales, Instant since) {
        return sales.stream()
                .filter(sale -> !sale.window().end().isBefore(since))
                .toList();
    }

    private static VoucherSale sale(ResultSet rs) throws SQLException {
        return new VoucherSale(
                new VoucherId(rs.getLong("voucher_id")),
                rs.getInt("initial_stock"),
                new SaleWindow(
                        UtcColumns.fromColumn(rs.getObject("begin_time", LocalDateTime.class)),
                        UtcColumns.fromColumn(rs.getObject("end_time", LocalDateTime.class))));
    }
}
