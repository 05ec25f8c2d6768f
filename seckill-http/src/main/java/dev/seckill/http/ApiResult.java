package dev.seckill.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** hmdp's {@code Result} body plus a {@code code} on failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiResult(boolean success, String errorMsg, Object data, String code) {

    static ApiResult ok(Object data) {
        return new ApiResult(true, null, data, null);
    }

    static ApiResult error(ApiError error, String message) {
        return new ApiResult(false, message, null, error.name());
    }
}
