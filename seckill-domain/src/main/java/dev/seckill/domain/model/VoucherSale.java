package dev.seckill.domain.model;

import java.util.Objects;

/** What the request path needs to sell a voucher: its initial stock and its sale window. */
public record VoucherSale(VoucherId voucherId, int stock, SaleWindow window) {

    /** The id and the window are required, and the stock is at least 1. */
    public VoucherSale {
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(window, "window is required");
        if (stock < 1) {
            throw new IllegalArgumentException("stock must be at least 1, got " + stock);
        }
    }
}
