package dev.seckill.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A stage that completes in its caller's trace context. A client's future completes on the client's
 * own thread (Lettuce's event loop), where whatever the caller chained on it would run outside the
 * caller's trace: the use case's next call (the reservation after the order id, the relay's publish
 * after the reservation) would start a trace of its own.
 */
public final class CallerContext {

    private CallerContext() {}

    /**
     * {@code stage}, completing with the caller's current context made current. Returned as it is
     * when there is no context to keep (tracing off) or it is already complete (the caller chains on
     * it on its own thread): nothing is allocated then.
     */
    public static <T> CompletionStage<T> keep(CompletionStage<T> stage) {
        Context caller = Context.current();
        if (caller == Context.root() || stage.toCompletableFuture().isDone()) {
            return stage;
        }
        CompletableFuture<T> kept = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            try (Scope ignored = caller.makeCurrent()) {
                if (error == null) {
                    kept.complete(value);
                } else {
                    kept.completeExceptionally(error);
                }
            }
        });
        return kept;
    }
}
