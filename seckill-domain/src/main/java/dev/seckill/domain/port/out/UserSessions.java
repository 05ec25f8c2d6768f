package dev.seckill.domain.port.out;

import dev.seckill.domain.model.UserSession;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Login sessions by token, in hmdp's format. */
public interface UserSessions {

    /** The session behind the token, extending its life as hmdp does; empty when unknown or expired. */
    CompletionStage<Optional<UserSession>> find(String token);

    /** Stores sessions under their tokens, each living for {@code ttl}. */
    void saveAll(Map<String, UserSession> sessionsByToken, Duration ttl);
}
