package dev.seckill.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * hmdp's {@code Result} body plus a {@code code} on failures, and the {@code orderId} the user holds
 * with {@code ALREADY_ORDERED}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiResult(boolean success, String errorMsg, Object data, String code, String orderId) {

    static ApiResult ok(Object data) {
        return new ApiResult(true, null, data, null, null);
    }

    static ApiResult error(ApiError error, String message) {
        return new ApiResult(false, message, null, error.name(), null);
    }

    static ApiResult alreadyOrdered(String orderId) {
        return new ApiResult(
                false,
                "you have already ordered this voucher: order " + orderId,
                null,
                ApiError.ALREADY_ORDERED.name(),
                orderId);
    }
}
