package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Putting back a sale that the reservation store lost. A restore is claimed first, so that of
 * several instances one restores while the others answer "try again"; a claim lapses by itself
 * when its holder dies.
 */
public interface SaleRestorations {

    /** Claims the restore of the voucher's sale for {@code lease}; empty while someone else holds the claim. */
    Optional<RestoreClaim> claim(VoucherId voucherId, Duration lease);

    /** Extends a claim; false when it lapsed (someone else may be restoring now: stop). */
    boolean renew(RestoreClaim claim, Duration lease);

    /**
     * Puts the sale back with {@code stock} units left and {@code holders} holding a reservation, in
     * one step, only while the claim is held and the store's copy of the sale is still missing or
     * behind (never over a sound one); the copy is sound afterwards. True when it did.
     */
    boolean restore(RestoreClaim claim, VoucherSale sale, long stock, Map<UserId, OrderId> holders);

    /** Gives the claim up; idempotent. */
    void drop(RestoreClaim claim);
}
