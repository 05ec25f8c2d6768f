package dev.seckill.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.out.UserSessions;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * clicks again during the sale then costs no round trip at all. The price is that a session
 * deleted in Redis stays usable here until its cached copy expires.
 */
public final class RedisUserSessions implements UserSessions {

    public static final String KEY_PREFIX = "login:token:";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(36_000);
    public static final Duration DEFAULT_REFRESH_EVERY = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(RedisUserSessions.class);
    private static final LuaScript FIND = LuaScript.named("find-session.lua");
    // enough per network write to hide the round trips, few enough to bound the memory of a big import
    private static final int SAVE_BATCH = 1_000;
    private static final int MAX_CACHED = 500_000;

    private final RedisConnection connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final String ttlMillis;
    private final String refreshBelowMillis;
    private final Cache<String, UserSession> found;

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
        this.found = cacheFor.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(MAX_CACHED).build();
        this.connection = Objects.requireNonNull(connection, "connection is required");
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
        UserSession cached = found == null ? null : found.getIfPresent(token);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        CompletionStage<Optional<UserSession>> session = FIND.<List<Object>>run(redis, ScriptOutputType.MULTI,
                        new String[] {KEY_PREFIX + token}, ttlMillis, refreshBelowMillis)
                .thenApply(RedisUserSessions::session);
        if (found == null) {
            return session;
        }
        return session.thenApply(answer -> {
            answer.ifPresent(user -> found.put(token, user));
            return answer;
        });
    }

    /** Written in batches on a connection of its own, many commands per network write. */
    @Override
    public void saveAll(Map<String, UserSession> sessionsByToken, Duration ttl) {
        try (RedisConnection.Bulk bulk = connection.openBulk()) {
            List<CompletableFuture<?>> batch = new ArrayList<>(2 * SAVE_BATCH);
            for (Map.Entry<String, UserSession> entry : sessionsByToken.entrySet()) {
                String key = KEY_PREFIX + entry.getKey();
                UserSession session = entry.getValue();
                batch.add(bulk.commands().hset(key, Map.of(
                        "id", session.userId().toString(),
                        "nickName", session.nickName(),
                        "icon", session.icon())).toCompletableFuture());
                batch.add(bulk.commands().pexpire(key, ttl).toCompletableFuture());
                if (batch.size() >= 2 * SAVE_BATCH) {
                    send(bulk, batch);
                }
            }
            send(bulk, batch);
        }
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
            return Optional.of(new UserSession(new UserId(Long.parseLong(hash.get("id"))), hash.get("nickName"), hash.get("icon")));
        } catch (RuntimeException e) {
            // not a session we can use (no id, or not a positive number): the caller treats the token as unknown
            LOG.warn("ignoring a malformed session hash with fields {}: {}", hash.keySet(), e.getMessage());
            return Optional.empty();
        }
    }
}
