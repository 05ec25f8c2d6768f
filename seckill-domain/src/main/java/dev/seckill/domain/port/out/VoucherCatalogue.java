package dev.seckill.domain.port.out;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The seckill vouchers: hmdp's voucher and seckill-voucher rows. */
public interface VoucherCatalogue {

    /** Stores the voucher and its sale in one transaction; returns the new voucher's id. */
    VoucherId register(NewSeckillVoucher voucher);

    /** The voucher's sale with its initial stock; cheap enough for the request path (cached). */
    Optional<VoucherSale> find(VoucherId voucherId);

    /** The vouchers whose sale ends at or after {@code since}: those that may still have orders in flight. */
    List<VoucherSale> salesEndingAfter(Instant since);
}
