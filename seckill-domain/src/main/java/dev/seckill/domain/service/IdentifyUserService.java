package dev.seckill.domain.service;

import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.in.IdentifyUser;
import dev.seckill.domain.port.out.UserSessions;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Looks a login token up in the sessions a login service wrote (hmdp's {@code login:token:*}). */
public final class IdentifyUserService implements IdentifyUser {

    private final UserSessions sessions;

    /** Reads the sessions from {@code sessions}, which is required. */
    public IdentifyUserService(UserSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions is required");
    }

    @Override
    public CompletionStage<Optional<UserSession>> byToken(String token) {
        return sessions.find(token);
    }
}
