package dev.seckill.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.out.UserSessions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link UserSessions} must do. */
public abstract class UserSessionsContract {

    protected abstract UserSessions sessions();

    @Test
    void findsASavedSession() {
        String token = UUID.randomUUID().toString();
        UserSession session = new UserSession(new UserId(42), "user_42", "/imgs/42.png");

        sessions().saveAll(Map.of(token, session), Duration.ofMinutes(5));

        assertThat(sessions().find(token).toCompletableFuture().join()).contains(session);
    }

    @Test
    void knowsNothingOfAnUnknownToken() {
        assertThat(sessions()
                        .find(UUID.randomUUID().toString())
                        .toCompletableFuture()
                        .join())
                .isEmpty();
    }
}
