package dev.seckill.redis;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.port.out.OrderIds;
import dev.seckill.tracing.CallerContext;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Order ids in hmdp's layout: 31 bits of seconds since 2022-01-01T00:00:00Z, then 32 bits of a
 * per-day sequence counted by {@code INCR icr:order:<yyyy:MM:dd>} (UTC day; the key lives 48 h).
 * Sequence numbers are taken {@code blockSize} at a time with INCRBY, so most ids cost no round
 * trip; when a block runs out, the next one is fetched asynchronously, once for all waiting callers.
 *
 * <p>Why ids are unique across instances: an id's timestamp T and the day key its sequence came
 * from are always the same UTC day (a block is only used within the day it was taken for). Two ids
 * with the same T therefore drew their sequences from the same key, which hands each number out
 * once; two ids with different T differ in their high bits.
 *
 * <p>Why ids increase within an instance: T never decreases (it is the clock, but never less than
 * the last T used), and for equal T the sequence grows (one key, INCRBY only grows, blocks are taken
 * one after another). At midnight the sequence starts again from a new key, but T has grown.
 *
 * <p>Why a counter that Redis lost does not hand numbers out twice: a block is never taken below
 * {@value #FLOOR_PER_SECOND} times the seconds since midnight of its T ({@code next-id-block.lua}).
 * A counter that comes back empty or behind (a crash, a failover, a flush) therefore starts again
 * above every number handed out before, as long as ids were not taken faster than that on average
 * in the second before the loss, and the loss lasted a second. The floor leaves a day
 * 4.29e9 - 86,400 * 40,000 = 0.83e9 numbers after its last second.
 */
public final class RedisOrderIds implements OrderIds {

    /** 2022-01-01T00:00:00Z, the start of hmdp's id clock. */
    public static final long EPOCH_SECOND = 1_640_995_200L;

    public static final int DEFAULT_BLOCK_SIZE = 1_000;

    static final String KEY_PREFIX = "icr:order:";
    static final long FLOOR_PER_SECOND = 40_000;
    static final Duration KEY_LIFE = Duration.ofHours(48);

    private static final LuaScript NEXT_BLOCK = LuaScript.named("next-id-block.lua");
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy:MM:dd").withZone(ZoneOffset.UTC);
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MAX_SECONDS = (1L << 31) - 1;
    private static final long MAX_SEQUENCE = (1L << 32) - 1;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final int blockSize;
    private final Clock clock;

    // all guarded by this
    private Block block;
    private long lastSecond;
    private CompletableFuture<Void> refill;

    public RedisOrderIds(RedisConnection connection) {
        this(connection, DEFAULT_BLOCK_SIZE);
    }

    /** @param blockSize how many sequence numbers one INCRBY takes (1 = hmdp's plain INCR per id) */
    public RedisOrderIds(RedisConnection connection, int blockSize) {
        this(connection, blockSize, Clock.systemUTC());
    }

    RedisOrderIds(RedisConnection connection, int blockSize, Clock clock) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be at least 1, got " + blockSize);
        }
        this.redis =
                Objects.requireNonNull(connection, "connection is required").commands();
        this.blockSize = blockSize;
        this.clock = Objects.requireNonNull(clock, "clock is required");
    }

    /** When the id was handed out (to the second), read back from the id itself. */
    public static Instant timestampOf(OrderId orderId) {
        return Instant.ofEpochSecond(EPOCH_SECOND + (orderId.value() >>> 32));
    }

    static long sequenceOf(OrderId orderId) {
        return orderId.value() & MAX_SEQUENCE;
    }

    @Override
    public CompletionStage<OrderId> next() {
        CompletableFuture<Void> refilled;
        synchronized (this) {
            long second = Math.max(clock.instant().getEpochSecond() - EPOCH_SECOND, lastSecond);
            if (second < 0 || second > MAX_SECONDS) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the clock reads " + clock.instant() + ", outside the range of order ids"));
            }
            // also when a refill starts: a block is never used with a T earlier than the day it was taken for
            lastSecond = second;
            if (block != null && second < block.dayEnd && block.next <= block.last) {
                return CompletableFuture.completedFuture(new OrderId(second << 32 | block.next++));
            }
            refilled = refill != null ? refill : allocate(second);
        }
        // a refill answers on Lettuce's thread: the caller's reservation must still be made in its trace
        return CallerContext.keep(refilled.thenCompose(ready -> next()));
    }

    /**
     * Takes the next block of the day of {@code second}, under the lock. The future completes once
     * the block is in place (or the allocation failed); {@link #refill} holds it until then, and
     * is cleared even when Redis answered before this method returns.
     */
    private CompletableFuture<Void> allocate(long second) {
        long day = Math.floorDiv(second, SECONDS_PER_DAY);
        String key = KEY_PREFIX + DAY.format(Instant.ofEpochSecond(EPOCH_SECOND + day * SECONDS_PER_DAY));
        CompletableFuture<Void> done = new CompletableFuture<>();
        refill = done;
        long floor = (second - day * SECONDS_PER_DAY) * FLOOR_PER_SECOND;
        CompletableFuture<Long> taken = NEXT_BLOCK.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {key},
                Integer.toString(blockSize),
                Long.toString(floor),
                Long.toString(KEY_LIFE.toSeconds()));
        // the callback completes `done`, which the callers hold
        var unused = taken.whenComplete((last, error) -> {
            RuntimeException failure = null;
            synchronized (this) {
                if (refill == done) {
                    refill = null;
                }
                if (error != null) {
                    failure = RedisFailures.translate(error);
                } else if (last > MAX_SEQUENCE) {
                    failure = new IllegalStateException("the order id sequence of " + key + " is exhausted");
                } else {
                    block = new Block((day + 1) * SECONDS_PER_DAY, last - blockSize + 1, last);
                }
            }
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** Sequence numbers {@code next..last} of the day that ends at {@code dayEnd} (seconds since the id epoch). */
    private static final class Block {
        final long dayEnd;
        final long last;
        long next;

        Block(long dayEnd, long next, long last) {
            this.dayEnd = dayEnd;
            this.next = next;
            this.last = last;
        }
    }
}
