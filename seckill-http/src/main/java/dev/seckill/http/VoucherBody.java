package dev.seckill.http;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.SaleWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

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

    // what a DATETIME column holds
    private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

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
        // the database keeps a sale's times to the millisecond
        if (!end.truncatedTo(ChronoUnit.MILLIS).isAfter(begin.truncatedTo(ChronoUnit.MILLIS))) {
            throw invalid("endTime must be at least a millisecond after beginTime, got beginTime " + begin
                    + " and endTime " + end);
        }
        try {
            return new NewSeckillVoucher(
                    shop, title, subTitle, rules, pay, actual, (int) units, new SaleWindow(begin, end));
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
        Instant time;
        try {
            time = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                time = LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(field + " must be an ISO-8601 date-time such as 2026-11-26T12:00:00+08:00, got '" + value
                        + "'");
            }
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw invalid(field + " must lie between the years 1000 and 9999 (UTC), got '" + value + "'");
        }
        return time;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ApiError.BAD_REQUEST, message);
    }
}
