package dev.seckill.redis;

import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Sales on sale now, each under a voucher id of its own so that tests sharing a Redis never meet. */
final class OpenSales {

    private OpenSales() {}

    static VoucherSale withStock(int stock) {
        Instant now = Instant.now();
        return new VoucherSale(
                new VoucherId(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50)),
                stock,
                new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))));
    }
}
