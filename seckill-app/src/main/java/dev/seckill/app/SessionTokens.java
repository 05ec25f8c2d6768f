package dev.seckill.app;

import dev.seckill.domain.model.UserSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Login tokens for users, as {@code gen-tokens} and the bench hand them out. */
public final class SessionTokens {

    private SessionTokens() {}

    /** One fresh token per user, in the input's order (hmdp's tokens are UUIDs without dashes). */
    public static Map<String, UserSession> issue(List<UserSession> users) {
        Map<String, UserSession> sessions = new LinkedHashMap<>();
        for (UserSession user : users) {
            sessions.put(UUID.randomUUID().toString().replace("-", ""), user);
        }
        return sessions;
    }
}
