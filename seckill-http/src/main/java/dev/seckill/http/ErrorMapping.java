package dev.seckill.http;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure to its answer, in one place: the API's own refusals as 4xx with their code, a
 * backing service down as 503 (try again), anything else as 500 with the request id (logged with
 * its stack trace, never shown to the caller).
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final UnavailableLog UNAVAILABLE_LOG =
            new UnavailableLog(LOG, Duration.ofSeconds(10), System::nanoTime);

    private ErrorMapping() {}

    static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> fail(ctx, e.error, e.getMessage()));
        app.exception(ServiceUnavailableException.class, (e, ctx) -> unavailable(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, errorFor(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> internal(ctx, e));
        app.error(
                404,
                ctx -> failUnlessAnswered(
                        ctx, ApiError.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
        app.error(
                405,
                ctx -> failUnlessAnswered(
                        ctx, ApiError.METHOD_NOT_ALLOWED, "method not allowed: " + ctx.method() + " " + ctx.path()));
    }

    /** Answers a failure that came out of a future (so not through Javalin's exception handlers). */
    static void answer(Context ctx, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            fail(ctx, api.error, api.getMessage());
        } else if (cause instanceof ServiceUnavailableException unavailable) {
            unavailable(ctx, unavailable);
        } else {
            internal(ctx, cause);
        }
    }

    /** The error code a failure is answered with. */
    static ApiError errorOf(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            return api.error;
        }
        return cause instanceof ServiceUnavailableException ? ApiError.UNAVAILABLE : ApiError.INTERNAL;
    }

    static void fail(Context ctx, ApiError error, String message) {
        ctx.status(error.status).json(ApiResult.error(error, message));
    }

    /** The future's value; its failure thrown as it was (not wrapped), for the exception handlers. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void unavailable(Context ctx, ServiceUnavailableException e) {
        UNAVAILABLE_LOG.answered(e.service(), RequestIds.of(ctx), e.getMessage());
        fail(ctx, ApiError.UNAVAILABLE, "a backing service is unavailable (" + e.service() + "), try again later");
    }

    private static void internal(Context ctx, Throwable e) {
        String requestId = RequestIds.of(ctx);
        LOG.error("request {} failed: {} {}", requestId, ctx.method(), ctx.path(), e);
        fail(ctx, ApiError.INTERNAL, "internal error (request id " + requestId + ")");
    }

    private static void failUnlessAnswered(Context ctx, ApiError error, String message) {
        String body = ctx.result();
        if (body == null || !body.contains("\"code\"")) {
            fail(ctx, error, message);
        }
    }

    private static ApiError errorFor(int status) {
        return switch (status) {
            case 400 -> ApiError.BAD_REQUEST;
            case 401 -> ApiError.UNAUTHORIZED;
            case 403 -> ApiError.FORBIDDEN;
            case 404 -> ApiError.NOT_FOUND;
            case 405 -> ApiError.METHOD_NOT_ALLOWED;
            case 413 -> ApiError.PAYLOAD_TOO_LARGE;
            case 415 -> ApiError.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ApiError.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ApiError.BAD_REQUEST : ApiError.INTERNAL;
        };
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
