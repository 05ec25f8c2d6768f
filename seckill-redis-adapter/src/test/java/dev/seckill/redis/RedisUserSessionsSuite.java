package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.out.UserSessions;
import dev.seckill.domain.testing.UserSessionsContract;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The domain's contract for sessions, hmdp's format, and the refresh that does not write on every request. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisUserSessionsSuite extends UserSessionsContract {

    private static final Logger LOG = LoggerFactory.getLogger(RedisUserSessionsSuite.class);
    private static final Duration TTL = RedisUserSessions.DEFAULT_TTL;

    private RedisConnection connection;
    private RedisUserSessions sessions;

    protected abstract RedisSettings settings();

    @BeforeAll
    void connect() {
        connection = RedisConnection.connect(settings());
        sessions = new RedisUserSessions(connection);
    }

    @AfterAll
    void close() {
        connection.close();
    }

    @Override
    protected UserSessions sessions() {
        return sessions;
    }

    @Test
    void readsASessionWrittenTheWayHmdpWritesIt() {
        String token = UUID.randomUUID().toString();
        String key = "login:token:" + token;
        RedisFailures.await(
                connection.commands().hset(key, Map.of("id", "1010", "nickName", "user_ab12cd", "icon", "")));
        RedisFailures.await(connection.commands().expire(key, Duration.ofMinutes(1)));

        assertThat(find(token)).contains(new UserSession(new UserId(1010), "user_ab12cd", ""));
    }

    @Test
    void writesSessionsTheWayHmdpReadsThem() {
        String token = UUID.randomUUID().toString();

        sessions.saveAll(
                Map.of(token, new UserSession(new UserId(77), "user_77", "/imgs/77.png")), Duration.ofMinutes(1));

        String key = "login:token:" + token;
        assertThat(RedisFailures.await(connection.commands().hgetall(key)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("id", "77", "nickName", "user_77", "icon", "/imgs/77.png"));
        assertThat(RedisFailures.await(connection.commands().ttl(key))).isBetween(55L, 60L);
    }

    @Test
    void extendsTheLifeOfASessionOnlyOncePerRefreshInterval() {
        String token = UUID.randomUUID().toString();
        String key = "login:token:" + token;
        sessions.saveAll(Map.of(token, new UserSession(new UserId(5), "user_5", "")), Duration.ofMinutes(1));

        assertThat(find(token)).isPresent();
        assertThat(pttl(key))
                .as("extended to the full ttl")
                .isGreaterThan(TTL.minusSeconds(5).toMillis());

        Duration recentlyExtended =
                TTL.minus(RedisUserSessions.DEFAULT_REFRESH_EVERY).plusMinutes(1);
        RedisFailures.await(connection.commands().pexpire(key, recentlyExtended));
        assertThat(find(token)).isPresent();
        assertThat(pttl(key))
                .as("not written again within the refresh interval")
                .isLessThanOrEqualTo(recentlyExtended.toMillis());
    }

    @Test
    void aCachedSessionIsAnsweredFromMemoryAndADeletedOneIsRefusedWithinASecond() {
        String token = UUID.randomUUID().toString();
        UserSession user = new UserSession(new UserId(77), "cached", "");
        // a fresh session: reading it extends nothing, so nothing announces a change
        sessions.saveAll(Map.of(token, user), Duration.ofMinutes(10));
        var caching = new RedisUserSessions(
                connection, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThat(caching.find(token).toCompletableFuture().join()).contains(user);
        CompletableFuture<Optional<UserSession>> again = caching.find(token).toCompletableFuture();
        assertThat(again).as("answered from memory, without a round trip").isDone();
        assertThat(again.join()).contains(user);

        RedisFailures.await(connection.commands().del("login:token:" + token));

        assertThat(sessions.find(token).toCompletableFuture().join())
                .as("without the cache")
                .isEmpty();
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> caching.find(token).toCompletableFuture().join().isEmpty());
    }

    @Test
    void aSessionChangedInRedisIsReadAgain() {
        String token = UUID.randomUUID().toString();
        sessions.saveAll(Map.of(token, new UserSession(new UserId(78), "before", "")), Duration.ofMinutes(1));
        var caching = new RedisUserSessions(
                connection, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThat(caching.find(token).toCompletableFuture().join()).isPresent();

        RedisFailures.await(connection.commands().hset("login:token:" + token, "nickName", "after"));

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .until(
                        () -> caching.find(token)
                                .toCompletableFuture()
                                .join()
                                .map(UserSession::nickName)
                                .orElse(""),
                        "after"::equals);
    }

    @Test
    void knowsNothingOfAnExpiredSession() {
        String token = UUID.randomUUID().toString();
        sessions.saveAll(Map.of(token, new UserSession(new UserId(6), "user_6", "")), Duration.ofMillis(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> find(token).isEmpty());
    }

    @Test
    void removeAllLogsThoseTokensOutAndNoOthers() {
        String gone = UUID.randomUUID().toString();
        String alsoGone = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        sessions.saveAll(
                Map.of(
                        gone,
                        new UserSession(new UserId(81), "user_81", ""),
                        alsoGone,
                        new UserSession(new UserId(82), "user_82", ""),
                        kept,
                        new UserSession(new UserId(83), "user_83", "")),
                Duration.ofMinutes(1));

        sessions.removeAll(List.of(gone, alsoGone, UUID.randomUUID().toString()));

        assertThat(connection
                        .commands()
                        .exists("login:token:" + gone, "login:token:" + alsoGone)
                        .toCompletableFuture()
                        .join())
                .isZero();
        assertThat(find(kept)).map(UserSession::userId).contains(new UserId(83));
    }

    @Test
    void savesTwentyThousandSessionsQuickly() {
        Map<String, UserSession> many = new LinkedHashMap<>();
        for (long id = 1; id <= 20_000; id++) {
            many.put(UUID.randomUUID().toString(), new UserSession(new UserId(id), "user_" + id, ""));
        }

        long started = System.nanoTime();
        sessions.saveAll(many, Duration.ofMinutes(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("saved {} sessions in {} ms", many.size(), took.toMillis());

        List<CompletableFuture<Long>> exists = many.keySet().stream()
                .map(token ->
                        connection.commands().exists("login:token:" + token).toCompletableFuture())
                .toList();
        assertThat(exists.stream().mapToLong(CompletableFuture::join).sum()).isEqualTo(many.size());
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        RedisFailures.await(connection
                .commands()
                .del(many.keySet().stream().map(t -> "login:token:" + t).toArray(String[]::new)));
    }

    private Optional<UserSession> find(String token) {
        return sessions.find(token).toCompletableFuture().join();
    }

    private long pttl(String key) {
        return RedisFailures.await(connection.commands().pttl(key));
    }
}
