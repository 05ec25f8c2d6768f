package dev.seckill.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The relay clears one pending record per accepted order, right after the broker's ack. The
 * clears are gathered for a moment (or up to {@value #MAX_BATCH}) and sent as one {@code ZREM} per
 * voucher: at thousands of orders a second that is a small fraction of the commands, for the client
 * and for Redis. A pending record cleared a few milliseconds later costs nothing: the sweeper only
 * looks at records seconds old.
 */
final class PendingClears {

    private static final long WINDOW_MICROS = 2_000;
    private static final int MAX_BATCH = 256;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    // guarded by lock
    private Map<String, List<Clear>> gathered = new HashMap<>();
    private int size;
    private boolean scheduled;

    private record Clear(String member, CompletableFuture<Void> done) {}

    PendingClears(RedisClusterAsyncCommands<String, String> redis, ScheduledExecutorService scheduler) {
        this.redis = redis;
        this.scheduler = scheduler;
    }

    /** Removes {@code member} from the sorted set {@code key}, soon; completes once Redis has done it. */
    CompletionStage<Void> clear(String key, String member) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean flushNow = false;
        boolean schedule = false;
        synchronized (lock) {
            gathered.computeIfAbsent(key, k -> new ArrayList<>()).add(new Clear(member, done));
            size++;
            if (size >= MAX_BATCH) {
                flushNow = true;
            } else if (!scheduled) {
                scheduled = true;
                schedule = true;
            }
        }
        if (schedule) {
            try {
                // flush() completes every clear it takes: the task's own future adds nothing
                var unused = scheduler.schedule(this::flush, WINDOW_MICROS, TimeUnit.MICROSECONDS);
            } catch (RejectedExecutionException e) {
                // the connection is closing: send what there is now
                flushNow = true;
            }
        }
        if (flushNow) {
            flush();
        }
        return done;
    }

    private void flush() {
        Map<String, List<Clear>> batch;
        synchronized (lock) {
            batch = gathered;
            gathered = new HashMap<>();
            size = 0;
            scheduled = false;
        }
        batch.forEach((key, clears) -> {
            String[] members = clears.stream().map(Clear::member).toArray(String[]::new);
            var unused = RedisFailures.translated(redis.zrem(key, members))
                    .whenComplete((removed, error) -> clears.forEach(clear -> {
                        if (error == null) {
                            clear.done().complete(null);
                        } else {
                            clear.done().completeExceptionally(error);
                        }
                    }));
        });
    }
}
