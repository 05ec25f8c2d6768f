package dev.seckill.http;

/** Every failure the API answers with: its HTTP status and the {@code code} of the body (docs/api.md). */
enum ApiError {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    VOUCHER_NOT_FOUND(404),
    ORDER_NOT_FOUND(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    SOLD_OUT(409),
    ALREADY_ORDERED(409),
    NOT_STARTED(409),
    ENDED(409),
    ORDER_PENDING(409),
    ORDER_PAID(409),
    ORDER_CANCELLED(409),
    ORDER_EXPIRED(409),
    ORDER_FAILED(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNAVAILABLE(503),
    INTERNAL(500);

    final int status;

    ApiError(int status) {
        this.status = status;
    }
}
