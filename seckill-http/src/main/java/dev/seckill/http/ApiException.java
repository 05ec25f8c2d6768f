package dev.seckill.http;

/** A request the API turns down with a 4xx (or 503) and a message for the caller. */
final class ApiException extends RuntimeException {

    final ApiError error;

    ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }
}
