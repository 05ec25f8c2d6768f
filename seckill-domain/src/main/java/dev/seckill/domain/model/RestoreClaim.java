package dev.seckill.domain.model;

import java.util.Objects;

/** The right, held by one restorer for a while, to put a lost sale back. */
public record RestoreClaim(VoucherId voucherId, String token) {

    public RestoreClaim {
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(token, "token is required");
    }
}
