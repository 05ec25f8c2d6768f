package dev.seckill.domain.port.in;

import dev.seckill.domain.model.UserSession;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Who is asking: the logged-in user a login token stands for. */
public interface IdentifyUser {

    /** The user the token was issued to; empty when the token is unknown or has expired. */
    CompletionStage<Optional<UserSession>> byToken(String token);
}
