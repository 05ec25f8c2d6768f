package dev.seckill.domain.port.in;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import java.util.Optional;

/** The reservation store and the ledger side by side for one voucher. */
public interface ShowVoucherStats {

    /**
     * Both sides of the voucher's sale; empty when the ledger does not have the voucher. A sale the
     * store lost shows nothing left to reserve and no one holding a reservation.
     */
    Optional<VoucherStats> stats(VoucherId voucherId);
}
