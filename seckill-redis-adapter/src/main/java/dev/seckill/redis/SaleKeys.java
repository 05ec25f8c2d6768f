package dev.seckill.redis;

import dev.seckill.domain.model.VoucherId;

/**
 * The keys of one sale (the layout is at the top of {@code reserve.lua}). Every key carries the
 * voucher's hash tag {@code {<voucherId>}}, so that all of a sale's keys live in one cluster slot.
 */
final class SaleKeys {

    private final String prefix;

    SaleKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String sale(VoucherId voucherId) {
        return prefix + "sale:{" + voucherId + "}";
    }

    String order(VoucherId voucherId) {
        return prefix + "order:{" + voucherId + "}";
    }

    String pending(VoucherId voucherId) {
        return prefix + "pending:{" + voucherId + "}";
    }

    /** Who restores the sale right now (its token), with the claim's lease as the key's life. */
    String restoreClaim(VoucherId voucherId) {
        return prefix + "restore:{" + voucherId + "}";
    }

    /** The holders a restorer has written so far, before the restore puts them in place in one step. */
    String restoreHolders(VoucherId voucherId, String token) {
        return prefix + "restore-holders:{" + voucherId + "}:" + token;
    }

    /** The keys the reservation scripts take, in their order: sale, order, pending. */
    String[] reservation(VoucherId voucherId) {
        return new String[] {sale(voucherId), order(voucherId), pending(voucherId)};
    }
}
