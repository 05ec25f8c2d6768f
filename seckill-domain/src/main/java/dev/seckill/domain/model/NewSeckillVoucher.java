package dev.seckill.domain.model;

import java.util.Objects;

/**
 * An admin's request to put a voucher on flash sale, in hmdp's field names.
 * Amounts are in cents, as hmdp stores them.
 *
 * @param shopId      the shop the voucher is for (a positive id)
 * @param title       what buyers see first (required, at most 255 characters)
 * @param subTitle    a line under the title (at most 255 characters)
 * @param rules       how the voucher may be used (at most 1024 characters)
 * @param payValue    what a buyer pays for it (not negative)
 * @param actualValue what it takes off the bill at the shop (not negative)
 * @param stock       units on sale, from 1 to {@link #MAX_STOCK}
 * @param window      when it can be bought (required)
 */
public record NewSeckillVoucher(
        long shopId,
        String title,
        String subTitle,
        String rules,
        long payValue,
        long actualValue,
        int stock,
        SaleWindow window) {

    /** The most units one sale may offer. */
    public static final int MAX_STOCK = 10_000_000;

    /** Refuses a request that breaks any of the rules above, saying which field and why. */
    public NewSeckillVoucher {
        if (shopId < 1) {
            throw new IllegalArgumentException("shopId must be a positive integer, got " + shopId);
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        requireLength("title", title, 255);
        requireLength("subTitle", subTitle, 255);
        requireLength("rules", rules, 1024);
        if (payValue < 0) {
            throw new IllegalArgumentException("payValue must not be negative, got " + payValue);
        }
        if (actualValue < 0) {
            throw new IllegalArgumentException("actualValue must not be negative, got " + actualValue);
        }
        if (stock < 1 || stock > MAX_STOCK) {
            throw new IllegalArgumentException("stock must be between 1 and " + MAX_STOCK + ", got " + stock);
        }
        Objects.requireNonNull(window, "beginTime and endTime are required");
    }

    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(
                    field + " must be at most " + max + " characters, got " + value.length());
        }
    }
}
