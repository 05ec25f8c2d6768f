package dev.seckill.domain.testing;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryVoucherCatalogue implements VoucherCatalogue {

    private final Map<VoucherId, VoucherSale> sales = new LinkedHashMap<>();
    private long lastId;

    @Override
    public synchronized VoucherId register(NewSeckillVoucher voucher) {
        VoucherId id = new VoucherId(++lastId);
        sales.put(id, new VoucherSale(id, voucher.stock(), voucher.window()));
        return id;
    }

    @Override
    public synchronized Optional<VoucherSale> find(VoucherId voucherId) {
        return Optional.ofNullable(sales.get(voucherId));
    }

    @Override
    public synchronized List<VoucherSale> salesEndingAfter(Instant since) {
        return sales.values().stream()
                .filter(sale -> !sale.window().end().isBefore(since))
                .toList();
    }
}
