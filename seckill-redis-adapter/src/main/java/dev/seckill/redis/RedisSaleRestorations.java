package dev.seckill.redis;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.SaleRestorations;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Restores of lost sales, in Redis. The claim is a key holding the restorer's token whose life is
 * the lease ({@code SET NX PX}); the holders are staged under the token in pieces, then one script
 * swaps them in and writes the sale, only while the token still holds the claim and the sale is
 * still missing. A restorer that dies leaves a claim that lapses and staged holders that expire.
 */
public final class RedisSaleRestorations implements SaleRestorations {

    private static final LuaScript CLAIM = LuaScript.named("restore-claim.lua");
    private static final LuaScript RESTORE = LuaScript.judgingSales("restore-sale.lua");
    private static final String DROP = "0";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final SaleKeys keys;

    /** Keys under {@link RedisStockReservations#DEFAULT_KEY_PREFIX}. */
    public RedisSaleRestorations(RedisConnection connection) {
        this(connection, RedisStockReservations.DEFAULT_KEY_PREFIX);
    }

    /** Keys under {@code keyPrefix}: the same prefix as the {@link RedisStockReservations} whose sales it restores. */
    public RedisSaleRestorations(RedisConnection connection, String keyPrefix) {
        this.redis =
                Objects.requireNonNull(connection, "connection is required").commands();
        this.keys = new SaleKeys(Objects.requireNonNull(keyPrefix, "keyPrefix is required"));
    }

    @Override
    public Optional<RestoreClaim> claim(VoucherId voucherId, Duration lease) {
        String token = UUID.randomUUID().toString();
        String set = RedisFailures.await(RedisFailures.translated(redis.set(
                keys.restoreClaim(voucherId), token, SetArgs.Builder.nx().px(lease.toMillis()))));
        return "OK".equals(set) ? Optional.of(new RestoreClaim(voucherId, token)) : Optional.empty();
    }

    @Override
    public boolean renew(RestoreClaim claim, Duration lease) {
        return runClaim(claim, Long.toString(Math.max(1, lease.toMillis())));
    }

    @Override
    public boolean restore(RestoreClaim claim, VoucherSale sale, long stock, Map<UserId, OrderId> holders) {
        VoucherId voucherId = sale.voucherId();
        String staged = keys.restoreHolders(voucherId, claim.token());
        for (Map<String, String> chunk : HolderArgs.chunks(holders)) {
            RedisFailures.await(RedisFailures.translated(redis.hset(staged, chunk)));
            // a restorer that dies midway leaves nothing behind for long
            RedisFailures.await(RedisFailures.translated(redis.expire(staged, Duration.ofHours(1))));
        }
        Long restored = RedisFailures.await(RESTORE.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.sale(voucherId), keys.order(voucherId), keys.restoreClaim(voucherId), staged},
                claim.token(),
                Long.toString(stock),
                Integer.toString(sale.stock()),
                Long.toString(sale.window().begin().toEpochMilli()),
                Long.toString(sale.window().end().toEpochMilli())));
        return restored == 1L;
    }

    @Override
    public void drop(RestoreClaim claim) {
        runClaim(claim, DROP);
    }

    private boolean runClaim(RestoreClaim claim, String leaseOrDrop) {
        Long held = RedisFailures.await(CLAIM.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.restoreClaim(claim.voucherId())},
                claim.token(),
                leaseOrDrop));
        return held == 1L;
    }
}
