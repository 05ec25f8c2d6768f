package dev.seckill.bench;

import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisUserSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run's buyers: logged in (hmdp sessions in Redis) before the load, logged out after a passing run. */
final class BenchUsers {

    private static final Logger LOG = LoggerFactory.getLogger(BenchUsers.class);
    private static final long FIRST_USER_ID = 1_000_001L;
    private static final Duration SESSION_TTL = Duration.ofHours(2);

    private final RedisConnection redis;
    private final Map<String, UserSession> sessions;
    final long[] userIds;
    final List<String> tokens;

    private BenchUsers(RedisConnection redis, long[] userIds, Map<String, UserSession> sessions) {
        this.redis = redis;
        this.userIds = userIds;
        this.sessions = sessions;
        this.tokens = List.copyOf(sessions.keySet());
    }

    /** @param issueTokens the gen-tokens code: one fresh token per user, in the users' order */
    static BenchUsers logIn(
            int count, Function<List<UserSession>, Map<String, UserSession>> issueTokens, RedisConnection redis) {
        List<UserSession> users = new ArrayList<>(count);
        long[] userIds = new long[count];
        for (int i = 0; i < count; i++) {
            userIds[i] = FIRST_USER_ID + i;
            users.add(new UserSession(new UserId(userIds[i]), "bench_" + i, ""));
        }
        BenchUsers logged = new BenchUsers(redis, userIds, issueTokens.apply(users));
        logged.logInAgain();
        LOG.info("{} users logged in (login:token:* in Redis, ttl {} h)", logged.tokens.size(), SESSION_TTL.toHours());
        return logged;
    }

    /** Writes the sessions again, e.g. after a drill flushed Redis. */
    void logInAgain() {
        new RedisUserSessions(redis).saveAll(sessions, SESSION_TTL);
    }

    /** Removes the sessions (100,000 keys in a closed run, for hours otherwise); a Redis gone by now leaves them to their TTL. */
    void logOut() {
        try {
            new RedisUserSessions(redis).removeAll(tokens);
            LOG.info("{} users logged out", tokens.size());
        } catch (RuntimeException e) {
            LOG.warn("cannot log the run's users out: {}", e.toString());
        }
    }
}
