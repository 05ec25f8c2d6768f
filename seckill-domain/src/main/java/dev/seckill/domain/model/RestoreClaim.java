package dev.seckill.domain.model;

import java.util.Objects;

/**
 * The right, held by one restorer for a while, to put a lost sale back.
 *
 * @param token what tells this claim from any other on the same sale, so that a holder whose claim lapsed cannot
 *              act on the next one's
 */
public record RestoreClaim(VoucherId voucherId, String token) {

    /** Both are required. */
    public RestoreClaim {
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(token, "token is required");
    }
}
