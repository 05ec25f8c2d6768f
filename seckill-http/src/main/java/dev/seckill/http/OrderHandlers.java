package dev.seckill.http;

import dev.seckill.domain.model.OrderChangeRefused;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.Rejection;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.CancelOrder;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PayOrder;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.tracing.TraceAttributes;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * The buyer's endpoints: {@code POST /voucher-order/seckill/{voucherId}}, {@code GET /voucher-order/{orderId}}
 * and its {@code /pay} and {@code /cancel}.
 */
final class OrderHandlers {

    private final PlaceSeckillOrder placeOrder;
    private final LookUpOrder lookUpOrder;
    private final PayOrder payOrder;
    private final CancelOrder cancelOrder;
    private final Credentials credentials;
    private final RequestMetrics metrics;
    private final RequestSpans spans;

    OrderHandlers(
            SeckillHttpApi.UseCases useCases, Credentials credentials, RequestMetrics metrics, RequestSpans spans) {
        this.placeOrder = useCases.placeOrder();
        this.lookUpOrder = useCases.lookUpOrder();
        this.payOrder = useCases.payOrder();
        this.cancelOrder = useCases.cancelOrder();
        this.credentials = credentials;
        this.metrics = metrics;
        this.spans = spans;
    }

    void seckill(Context ctx) {
        long started = System.nanoTime();
        VoucherId voucherId = new VoucherId(PathIds.parse("voucherId", ctx.pathParam("voucherId")));
        Span span = spans.seckill(ctx);
        if (span.isRecording()) { // tracing off: not even the id's text per request
            span.setAttribute(TraceAttributes.VOUCHER_ID, voucherId.toString());
        }
        CompletableFuture<SeckillOutcome> outcome;
        try (Scope ignored = RequestSpans.enter(span)) {
            outcome = credentials
                    .buyer(ctx)
                    .thenCompose(buyer -> placeOrder.place(buyer.userId(), voucherId))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            RequestSpans.answered(span, ErrorMapping.errorOf(e).status);
            throw e;
        }
        if (outcome.isDone()) {
            // answered from memory (cached session, remembered SOLD_OUT): Jetty's async cycle would only cost time
            answer(ctx, outcome, started, span);
        } else {
            ctx.future(() -> outcome.handle((done, error) -> {
                answer(ctx, outcome, started, span);
                return null;
            }));
        }
    }

    void order(Context ctx) {
        OrderId orderId = new OrderId(PathIds.parse("orderId", ctx.pathParam("orderId")));
        UserSession buyer = ErrorMapping.join(credentials.buyer(ctx).toCompletableFuture());
        OrderView view = lookUpOrder
                .find(buyer.userId(), orderId)
                .orElseThrow(() -> new ApiException(ApiError.ORDER_NOT_FOUND, "no order " + orderId + " of yours"));
        ctx.json(ApiResult.ok(data(view)));
    }

    void pay(Context ctx) {
        change(ctx, "pay", payOrder::pay);
    }

    void cancel(Context ctx) {
        change(ctx, "cancel", cancelOrder::cancel);
    }

    private void change(Context ctx, String name, BiFunction<UserId, OrderId, OrderView> change) {
        OrderId orderId = new OrderId(PathIds.parse("orderId", ctx.pathParam("orderId")));
        UserSession buyer = ErrorMapping.join(credentials.buyer(ctx).toCompletableFuture());
        try {
            OrderView changed = change.apply(buyer.userId(), orderId);
            metrics.orderChange(name, changed.status().name());
            ctx.json(ApiResult.ok(data(changed)));
        } catch (OrderChangeRefused e) {
            ApiError error = errorOf(e.reason());
            metrics.orderChange(name, error.name());
            throw new ApiException(error, e.getMessage());
        }
    }

    private static Map<String, String> data(OrderView view) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("orderId", view.orderId().toString());
        data.put("voucherId", view.voucherId().toString());
        data.put("userId", view.userId().toString());
        data.put("status", view.status().name());
        if (view.payDeadline() != null) {
            data.put("payDeadline", view.payDeadline().toString());
        }
        if (view.cancelReason() != null) {
            data.put("cancelReason", view.cancelReason().name());
        }
        return data;
    }

    private static ApiError errorOf(OrderChangeRefused.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> ApiError.ORDER_NOT_FOUND;
            case PENDING -> ApiError.ORDER_PENDING;
            case PAID -> ApiError.ORDER_PAID;
            case CANCELLED -> ApiError.ORDER_CANCELLED;
            case EXPIRED -> ApiError.ORDER_EXPIRED;
            case FAILED -> ApiError.ORDER_FAILED;
        };
    }

    /**
     * Answers the finished outcome: on the request thread when it was known at once, else on the thread that
     * finished it (the Redis client's event loop, which then writes the answer without another thread switch;
     * making the request thread wait instead cost more CPU per order, docs/benchmarks.md).
     */
    private void answer(Context ctx, CompletableFuture<SeckillOutcome> outcome, long started, Span span) {
        SeckillOutcome done;
        try {
            done = outcome.join();
        } catch (CompletionException | CancellationException e) {
            metrics.failed(ErrorMapping.errorOf(e), started);
            ErrorMapping.answer(ctx, e);
            span.recordException(e.getCause() == null ? e : e.getCause());
            RequestSpans.answered(span, ctx.statusCode());
            return;
        }
        done.fold(
                accepted -> {
                    metrics.accepted(started);
                    if (span.isRecording()) {
                        span.setAttribute(
                                TraceAttributes.ORDER_ID, accepted.orderId().toString());
                    }
                    return ctx.json(ApiResult.ok(accepted.orderId().toString()));
                },
                held -> {
                    metrics.rejected(ApiError.ALREADY_ORDERED, started);
                    return ctx.status(ApiError.ALREADY_ORDERED.status)
                            .json(ApiResult.alreadyOrdered(held.orderId().toString()));
                },
                rejected -> {
                    ApiError error = errorOf(rejected.reason());
                    metrics.rejected(error, started);
                    ErrorMapping.fail(ctx, error, messageOf(rejected.reason()));
                    return ctx;
                });
        RequestSpans.answered(span, ctx.statusCode());
    }

    private static ApiError errorOf(Rejection rejection) {
        return switch (rejection) {
            case SOLD_OUT -> ApiError.SOLD_OUT;
            case ALREADY_ORDERED -> ApiError.ALREADY_ORDERED;
            case NOT_STARTED -> ApiError.NOT_STARTED;
            case ENDED -> ApiError.ENDED;
            case UNKNOWN_VOUCHER -> ApiError.VOUCHER_NOT_FOUND;
        };
    }

    private static String messageOf(Rejection rejection) {
        return switch (rejection) {
            case SOLD_OUT -> "sold out";
            case ALREADY_ORDERED -> "you have already ordered this voucher";
            case NOT_STARTED -> "the sale has not started yet";
            case ENDED -> "the sale has ended";
            case UNKNOWN_VOUCHER -> "no seckill voucher with this id";
        };
    }
}
