package dev.seckill.domain.model;

import java.util.Objects;

/** The logged-in user behind a token, in hmdp's session fields. */
public record UserSession(UserId userId, String nickName, String icon) {

    /** The user id is required; a missing nick name or icon becomes empty. */
    public UserSession {
        Objects.requireNonNull(userId, "userId is required");
        nickName = nickName == null ? "" : nickName;
        icon = icon == null ? "" : icon;
    }
}
