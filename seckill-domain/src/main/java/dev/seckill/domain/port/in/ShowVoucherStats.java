package dev.seckill.domain.port.in;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import java.util.Optional;

/** The reservation store and the ledger side by side for one voucher. */
public interface ShowVoucherStats {

    Optional<VoucherStats> stats(VoucherId voucherId);
}
