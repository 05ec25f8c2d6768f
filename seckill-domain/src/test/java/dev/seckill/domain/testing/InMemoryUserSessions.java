package dev.seckill.domain.testing;

import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.out.UserSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryUserSessions implements UserSessions {

    private final Clock clock;
    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();

    public InMemoryUserSessions(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Optional<UserSession>> find(String token) {
        Stored stored = sessions.get(token);
        if (stored == null || !clock.instant().isBefore(stored.expiresAt)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(Optional.of(stored.session));
    }

    @Override
    public void saveAll(Map<String, UserSession> sessionsByToken, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl);
        sessionsByToken.forEach((token, session) -> sessions.put(token, new Stored(session, expiresAt)));
    }

    private record Stored(UserSession session, Instant expiresAt) {}
}
