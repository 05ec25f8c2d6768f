package dev.seckill.http;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.SaleWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** The admin's voucher body, in hmdp's field names; every field is checked with its name in the message. */
record VoucherBody(
        Long shopId,
        String title,
        String subTitle,
        String rules,
        Long payValue,
        Long actualValue,
        Long stock,
        String beginTime,
        String endTime) {

    NewSeckillVoucher toVoucher(ZoneId zone) {
        long shop = required("shopId", shopId);
        long pay = required("payValue", payValue);
        long actual = required("actualValue", actualValue);
        long units = required("stock", stock);
        if (units < 1 || units > NewSeckillVoucher.MAX_STOCK) {
            throw invalid("stock must be between 1 and " + NewSeckillVoucher.MAX_STOCK + ", got " + units);
        }
        Instant begin = time("beginTime", beginTime, zone);
        Instant end = time("endTime", endTime, zone);
        if (!end.isAfter(begin)) {
            throw invalid("endTime must be after beginTime");
        }
        try {
            return new NewSeckillVoucher(shop, title, subTitle, rules, pay, actual, (int) units, new SaleWindow(begin, end));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
    }

    private static long required(String field, Long value) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static Instant time(String field, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required (ISO-8601, e.g. 2026-11-26T12:00:00+08:00)");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid(field + " must be an ISO-8601 date-time such as 2026-11-26T12:00:00+08:00, got '" + value + "'");
            }
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ApiError.BAD_REQUEST, message);
    }
}
