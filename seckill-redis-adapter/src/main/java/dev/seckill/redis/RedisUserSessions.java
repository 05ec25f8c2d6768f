package dev.seckill.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.out.UserSessions;
import dev.seckill.tracing.CallerContext;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions in hmdp's format: a hash {@code login:token:<token>} with the fields {@code id},
 * {@code nickName} and {@code icon}, so tokens made by the seed's tools work here and back.
 *
 * <p>hmdp extends a session's life on every request. Here one small script reads the session and
 * extends it only when less than {@code ttl - refreshEvery} of its life is left: a busy user costs
 * one write per {@code refreshEvery}, not one per request, with no state in the app (several
 * instances agree for free) and still one round trip per lookup.
 *
 * <p>Found sessions may also be kept in memory for {@code cacheFor} (off by default): a buyer who
 * clicks again during the sale then costs no round trip at all. On a single node, Redis tells us
 * within milliseconds when a session changes or goes (client tracking, see {@link SessionTracking}),
 * and the cached copy goes too; while that cannot be relied on, the cache is not used. A cluster
 * gives no such word here: there a cached copy lives {@value #CLUSTER_CACHE_MILLIS} ms at most.
 */
public final class RedisUserSessions implements UserSessions {

    public static final String KEY_PREFIX = "login:token:";
    public static final Duration DEFAULT_TTL = RedisSettings.DEFAULTS.sessionTtl();
    public static final Duration DEFAULT_REFRESH_EVERY = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(RedisUserSessions.class);
    private static final LuaScript FIND = LuaScript.named("find-session.lua");
    // enough per network write to hide the round trips, few enough to bound the memory of a big import
    private static final int SAVE_BATCH = 1_000;
    private static final int MAX_CACHED = 500_000;
    static final long CLUSTER_CACHE_MILLIS = 500;

    private final RedisConnection connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final String ttlMillis;
    private final String refreshBelowMillis;
    private final Cache<String, UserSession> found;
    private final SessionTracking tracking;
    private final AtomicLong invalidations = new AtomicLong();

    /** Sessions living {@link #DEFAULT_TTL}, extended at most every {@link #DEFAULT_REFRESH_EVERY}. */
    public RedisUserSessions(RedisConnection connection) {
        this(connection, DEFAULT_TTL, DEFAULT_REFRESH_EVERY);
    }

    /**
     * @param ttl          the life a session gets back when it is used
     * @param refreshEvery how much of that life may pass before a use extends it again
     */
    public RedisUserSessions(RedisConnection connection, Duration ttl, Duration refreshEvery) {
        this(connection, ttl, refreshEvery, Duration.ZERO);
    }

    /**
     * @param ttl          the life a session gets back when it is used
     * @param refreshEvery how much of that life may pass before a use extends it again
     * @param cacheFor     how long a found session is answered from memory (zero: never)
     */
    public RedisUserSessions(RedisConnection connection, Duration ttl, Duration refreshEvery, Duration cacheFor) {
        if (cacheFor.isNegative() || cacheFor.compareTo(refreshEvery) > 0) {
            throw new IllegalArgumentException("cacheFor must be between 0 and refreshEvery, got " + cacheFor);
        }
        this.connection = Objects.requireNonNull(connection, "connection is required");
        boolean tracked = !cacheFor.isZero() && !connection.cluster();
        Duration life = tracked ? cacheFor : min(cacheFor, Duration.ofMillis(CLUSTER_CACHE_MILLIS));
        this.found = cacheFor.isZero()
                ? null
                : Caffeine.newBuilder()
                        .expireAfterWrite(life)
                        .maximumSize(MAX_CACHED)
                        .build();
        this.tracking = tracked
                ? new SessionTracking(
                        () -> connection.openSingle().orElseThrow(), KEY_PREFIX, this::invalidate, this::invalidateAll)
                : null;
        if (found != null) {
            // the new master may lack writes the old one had: no copy read before a failover is answered after it
            connection.onFailover(tracking != null ? tracking::failedOver : this::invalidateAll);
        }
        this.redis = connection.commands();
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        if (refreshEvery.isNegative() || refreshEvery.compareTo(ttl) > 0) {
            throw new IllegalArgumentException("refreshEvery must be between 0 and the ttl, got " + refreshEvery);
        }
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.refreshBelowMillis = Long.toString(ttl.minus(refreshEvery).toMillis());
    }

    @Override
    public CompletionStage<Optional<UserSession>> find(String token) {
        if (token == null || token.isBlank()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        boolean cacheable = found != null && (tracking == null || tracking.trusted());
        UserSession cached = cacheable ? found.getIfPresent(token) : null;
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        long invalidationsBefore = invalidations.get();
        CompletionStage<Optional<UserSession>> session = FIND.<List<Object>>run(
                        redis, ScriptOutputType.MULTI, new String[] {KEY_PREFIX + token}, ttlMillis, refreshBelowMillis)
                .thenApply(RedisUserSessions::session);
        // the request's next steps chain on this answer, which Lettuce's thread gives: keep them in the request's trace
        if (!cacheable) {
            return CallerContext.keep(session);
        }
        return CallerContext.keep(session.thenApply(answer -> {
            // a change announced while the read was on its way may be newer than what it read: don't keep that
            if (answer.isPresent() && invalidations.get() == invalidationsBefore) {
                found.put(token, answer.get());
            }
            return answer;
        }));
    }

    /** Written in batches on a connection of its own, many commands per network write. */
    @Override
    public void saveAll(Map<String, UserSession> sessionsByToken, Duration ttl) {
        inBatches(sessionsByToken.entrySet(), (commands, entry) -> {
            String key = KEY_PREFIX + entry.getKey();
            UserSession session = entry.getValue();
            return List.of(
                    commands.hset(
                            key,
                            Map.of(
                                    "id", session.userId().toString(),
                                    "nickName", session.nickName(),
                                    "icon", session.icon())),
                    commands.pexpire(key, ttl));
        });
    }

    /** Logs these tokens out (their sessions are unlinked), in batches on a connection of its own; unknown tokens are skipped. */
    public void removeAll(Collection<String> tokens) {
        inBatches(tokens, (commands, token) -> List.of(commands.unlink(KEY_PREFIX + token)));
    }

    /** Each item's commands on a bulk connection, {@value #SAVE_BATCH} items per network write, each batch waited for. */
    private <T> void inBatches(
            Collection<T> items,
            BiFunction<RedisClusterAsyncCommands<String, String>, T, List<? extends CompletionStage<?>>> write) {
        try (RedisConnection.Bulk bulk = connection.openBulk()) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            int inBatch = 0;
            for (T item : items) {
                write.apply(bulk.commands(), item).forEach(command -> batch.add(command.toCompletableFuture()));
                if (++inBatch == SAVE_BATCH) {
                    send(bulk, batch);
                    inBatch = 0;
                }
            }
            send(bulk, batch);
        }
    }

    private void invalidate(String token) {
        invalidations.incrementAndGet();
        found.invalidate(token);
    }

    private void invalidateAll() {
        invalidations.incrementAndGet();
        found.invalidateAll();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void send(RedisConnection.Bulk bulk, List<CompletableFuture<?>> batch) {
        bulk.flush();
        RedisFailures.await(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
        batch.clear();
    }

    private static Optional<UserSession> session(List<Object> fields) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            hash.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        try {
            return Optional.of(new UserSession(
                    new UserId(Long.parseLong(hash.get("id"))), hash.get("nickName"), hash.get("icon")));
        } catch (RuntimeException e) {
            // not a session we can use (no id, or not a positive number): the caller treats the token as unknown
            LOG.warn("ignoring a malformed session hash with fields {}: {}", hash.keySet(), e.getMessage());
            return Optional.empty();
        }
    }
}
