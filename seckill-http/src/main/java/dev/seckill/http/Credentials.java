package dev.seckill.http;

import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.port.in.IdentifyUser;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Who asks: a buyer by the login token in {@code authorization}, the admin by {@code X-Admin-Token}. */
final class Credentials {

    private static final String BEARER = "Bearer ";

    private final IdentifyUser identifyUser;
    private final byte[] adminTokenDigest;

    /** @param adminToken empty: the admin endpoints answer 403 */
    Credentials(IdentifyUser identifyUser, Optional<String> adminToken) {
        this.identifyUser = identifyUser;
        this.adminTokenDigest = adminToken.map(Credentials::sha256).orElse(null);
    }

    /** The logged-in buyer; fails with 401 when the header is missing (at once) or the token unknown. */
    CompletionStage<UserSession> buyer(Context ctx) {
        return identifyUser
                .byToken(token(ctx))
                .thenApply(session -> session.orElseThrow(() ->
                        new ApiException(ApiError.UNAUTHORIZED, "the token is unknown or expired: log in again")));
    }

    void requireAdmin(Context ctx) {
        if (adminTokenDigest == null) {
            throw new ApiException(
                    ApiError.FORBIDDEN,
                    "admin endpoints are disabled: no admin token is configured (set SECKILL_ADMIN_TOKEN)");
        }
        String given = ctx.header("X-Admin-Token");
        // digests have equal lengths, so the comparison takes the same time whatever was given
        if (given == null || !MessageDigest.isEqual(sha256(given), adminTokenDigest)) {
            throw new ApiException(ApiError.UNAUTHORIZED, "the X-Admin-Token header is missing or wrong");
        }
    }

    private static String token(Context ctx) {
        String header = ctx.header("authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(ApiError.UNAUTHORIZED, "the authorization header is missing: log in first");
        }
        return header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : header.trim();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
