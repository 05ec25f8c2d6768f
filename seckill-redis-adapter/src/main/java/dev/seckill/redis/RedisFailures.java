package dev.seckill.redis;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Turns what Lettuce reports into the domain's words: an outage, or a plain bug. */
final class RedisFailures {

    static final String SERVICE = "redis";

    // error replies that mean "this node cannot serve right now", not "the command is wrong"
    private static final List<String> UNAVAILABLE_REPLIES =
            List.of("LOADING", "BUSY", "CLUSTERDOWN", "MASTERDOWN", "TRYAGAIN", "READONLY");

    private RedisFailures() {}

    /** The same outcome, with a connection failure or timeout turned into {@link ServiceUnavailableException}. */
    static <T> CompletableFuture<T> translated(CompletionStage<T> stage) {
        return stage.toCompletableFuture()
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(translate(error)));
    }

    /** Waits for the outcome (the command timeout bounds the wait) and throws what {@link #translate} gives. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(SERVICE, "interrupted while waiting for Redis", e);
        }
    }

    static RuntimeException translate(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ServiceUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof RedisCommandExecutionException reply && !unavailableReply(reply)) {
            return reply;
        }
        if (cause instanceof RedisException || cause instanceof IOException || cause instanceof CancellationException) {
            return new ServiceUnavailableException(SERVICE, String.valueOf(cause.getMessage()), cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean unavailableReply(RedisCommandExecutionException reply) {
        String message = reply.getMessage() == null ? "" : reply.getMessage();
        return UNAVAILABLE_REPLIES.stream().anyMatch(message::startsWith);
    }
}
