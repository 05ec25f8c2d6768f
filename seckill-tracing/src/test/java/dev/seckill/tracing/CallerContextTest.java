package dev.seckill.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallerContextTest {

    private static final ContextKey<String> REQUEST = ContextKey.named("request");

    @Test
    void whatTheCallerChainsRunsInItsContextOnTheThreadThatCompletes() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        AtomicReference<String> seen = new AtomicReference<>();
        CompletionStage<String> kept;
        try (Scope ignored = Context.root().with(REQUEST, "r-1").makeCurrent()) {
            kept = CallerContext.keep(answer);
        }
        CompletableFuture<Void> chained = kept.thenAccept(
                        value -> seen.set(Context.current().get(REQUEST)))
                .toCompletableFuture();

        Thread client = new Thread(() -> answer.complete("ok"), "client-event-loop");
        client.start();
        client.join();

        chained.join();
        assertThat(seen).hasValue("r-1");
        assertThat(Context.current().get(REQUEST))
                .as("the completing thread's context is restored")
                .isNull();
    }

    @Test
    void failuresPassAsTheyCame() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletionStage<String> kept;
        try (Scope ignored = Context.root().with(REQUEST, "r-2").makeCurrent()) {
            kept = CallerContext.keep(answer);
        }
        IllegalStateException failure = new IllegalStateException("down");
        answer.completeExceptionally(failure);

        assertThat(kept.toCompletableFuture()).isCompletedExceptionally();
        assertThat(kept.handle((value, error) -> error).toCompletableFuture().join())
                .isSameAs(failure);
    }

    @Test
    void withNoContextOrACompleteStageNothingIsWrapped() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        assertThat(CallerContext.keep(pending)).isSameAs(pending);

        CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
        try (Scope ignored = Context.root().with(REQUEST, "r-3").makeCurrent()) {
            assertThat(CallerContext.keep(done)).isSameAs(done);
        }
    }
}
