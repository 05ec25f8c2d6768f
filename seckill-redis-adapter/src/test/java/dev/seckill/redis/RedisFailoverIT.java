package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.RestoreClaim;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failovers on real replicated Redis (`./seckill services up --ha`): through Sentinel, on a Cluster with replicas, and
 * behind an address that stays the same (a node started again). Each time the client follows to the master now, the
 * app is told, every sale on the node is behind (nothing reserved on it) until it is restored under the claim, and no
 * session read before is answered from the cache after.
 */
class RedisFailoverIT {

    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(20);

    private final String prefix = TestRedis.uniquePrefix();

    private static Reservation reserve(RedisStockReservations reservations, VoucherId voucher, long user) {
        return reservations
                .reserve(new SeckillOrder(
                        new OrderId(ThreadLocalRandom.current().nextLong(1, 1L << 50)),
                        new UserId(user),
                        voucher,
                        Instant.now()))
                .toCompletableFuture()
                .join();
    }

    /**
     * Asks for new buyers until the master now answers: the client follows by itself, and until then the old master
     * may still take writes (a graceful failover demotes it seconds later), which the failover then drops.
     */
    private static void awaitFollowed(RedisStockReservations reservations, VoucherId voucher) {
        AtomicLong buyer = new AtomicLong(1_000);
        await().atMost(FOLLOWS_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> reserve(reservations, voucher, buyer.incrementAndGet()) == Reservation.SALE_BEHIND);
    }

    /** After the failover: the sale is behind, and sells again once restored under the claim. */
    private static void behindThenRestored(
            RedisConnection redis, RedisStockReservations reservations, VoucherSale sale, String prefix) {
        VoucherId voucher = sale.voucherId();
        awaitFollowed(reservations, voucher);
        assertThat(reserve(reservations, voucher, 2))
                .as("nothing is reserved on a sale the failover may have left behind")
                .isEqualTo(Reservation.SALE_BEHIND);
        assertThat(reservations.saleCopy(voucher)).isEqualTo(SaleCopy.BEHIND);

        RedisSaleRestorations restorations = new RedisSaleRestorations(redis, prefix);
        RestoreClaim claim = restorations.claim(voucher, Duration.ofSeconds(30)).orElseThrow();
        assertThat(restorations.restore(claim, sale, 9, reservations.reservations(voucher)))
                .isTrue();
        restorations.drop(claim);

        assertThat(reservations.saleCopy(voucher)).isEqualTo(SaleCopy.SOUND);
        assertThat(reserve(reservations, voucher, 1)).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reserve(reservations, voucher, 2)).isEqualTo(Reservation.RESERVED);
    }

    @Test
    void throughSentinelTheClientFollowsTheNewMasterAndNoStaleSessionIsAnswered() {
        String sentinelUri = TestServices.redisSentinelUri();
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of(sentinelUri))) {
            AtomicInteger told = new AtomicInteger();
            redis.onFailover(told::incrementAndGet);
            RedisStockReservations reservations = new RedisStockReservations(redis, prefix);
            RedisUserSessions sessions =
                    new RedisUserSessions(redis, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
            VoucherSale sale = OpenSales.withStock(10);
            reservations.load(sale);
            assertThat(reserve(reservations, sale.voucherId(), 1)).isEqualTo(Reservation.RESERVED);
            String token = prefix + "token";
            sessions.saveAll(Map.of(token, new UserSession(new UserId(7), "seven", "")), Duration.ofHours(1));
            assertThat(sessions.find(token).toCompletableFuture().join()).isPresent();

            String before = master(sentinelUri);
            sentinel(sentinelUri, sentinel -> sentinel.sync().failover(master(sentinelUri, true)));
            await().atMost(FOLLOWS_WITHIN).until(() -> !master(sentinelUri).equals(before));

            behindThenRestored(redis, reservations, sale, prefix);
            await().atMost(FOLLOWS_WITHIN).until(() -> told.get() > 0);
            // the new master drops the session: the copy read before the failover must not be answered
            RedisFailures.await(redis.commands().del(RedisUserSessions.KEY_PREFIX + token));
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            sessions.find(token).toCompletableFuture().join().isEmpty());
            TestRedis.deleteKeys(redis, prefix);
        }
    }

    @Test
    void onAClusterWithReplicasTheClientFollowsTheSlotToThePromotedReplica() {
        List<String> seeds = TestServices.redisReplicatedClusterUris();
        try (RedisConnection redis = RedisConnection.connect(
                RedisSettings.of(String.join(",", seeds)).withCluster(true))) {
            AtomicInteger told = new AtomicInteger();
            redis.onFailover(told::incrementAndGet);
            RedisStockReservations reservations = new RedisStockReservations(redis, prefix);
            VoucherSale sale = OpenSales.withStock(10);
            reservations.load(sale);
            assertThat(reserve(reservations, sale.voucherId(), 1)).isEqualTo(Reservation.RESERVED);

            int slot = SlotHash.getSlot(new SaleKeys(prefix).sale(sale.voucherId()));
            int replica = replicaOfSlot(seeds, slot);
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + replica);
                    StatefulRedisConnection<String, String> node = client.connect()) {
                assertThat(node.sync().clusterFailover(false)).isEqualTo("OK");
            }

            behindThenRestored(redis, reservations, sale, prefix);
            await().atMost(FOLLOWS_WITHIN).until(() -> told.get() > 0);
            TestRedis.deleteKeys(redis, prefix);
        }
    }

    @Test
    void behindAnAddressThatStaysTheSameANodeStartedAgainIsNoticedByItsIdentity() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("seckill-redis-restart");
        Process node = startRedis(port, dir);
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of("redis://127.0.0.1:" + port))) {
            AtomicInteger told = new AtomicInteger();
            redis.onFailover(told::incrementAndGet);
            RedisStockReservations reservations = new RedisStockReservations(redis, prefix);
            VoucherSale sale = OpenSales.withStock(10);
            reservations.load(sale);
            assertThat(reserve(reservations, sale.voucherId(), 1)).isEqualTo(Reservation.RESERVED);

            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            node = startRedis(port, dir);

            behindThenRestored(redis, reservations, sale, prefix);
            await().atMost(FOLLOWS_WITHIN).until(() -> told.get() > 0);
        } finally {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A Redis of the test's own, on {@code port}, keeping an append-only file in {@code dir}, synced on each write. */
    private static Process startRedis(int port, Path dir) throws IOException {
        Process process = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "yes",
                        // every write on disk before its reply: the test restores from this node's own holders
                        "--appendfsync",
                        "always")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                    StatefulRedisConnection<String, String> probe = client.connect()) {
                return "PONG".equals(probe.sync().ping());
            }
        });
        return process;
    }

    private static String master(String sentinelUri) {
        return master(sentinelUri, false);
    }

    /** The master the Sentinels name now, as host:port (or its name, with {@code name}). */
    private static String master(String sentinelUri, boolean name) {
        String masterName = sentinelUri.substring(sentinelUri.indexOf('#') + 1);
        if (name) {
            return masterName;
        }
        return sentinel(sentinelUri, sentinel -> {
            var address = (java.net.InetSocketAddress) sentinel.sync().getMasterAddrByName(masterName);
            return address.getHostString() + ":" + address.getPort();
        });
    }

    private static <T> T sentinel(
            String sentinelUri,
            java.util.function.Function<io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection<String, String>, T>
                    call) {
        String first = sentinelUri.substring("redis-sentinel://".length(), sentinelUri.indexOf('#'))
                .split(",", -1)[0];
        try (RedisClient client = RedisClient.create("redis://" + first)) {
            try (var sentinel = client.connectSentinel()) {
                return call.apply(sentinel);
            }
        }
    }

    /** The port of the replica of the master that serves {@code slot}. */
    private static int replicaOfSlot(List<String> seeds, int slot) {
        try (RedisClient client = RedisClient.create(seeds.get(0));
                StatefulRedisConnection<String, String> node = client.connect()) {
            List<String> lines = node.sync().clusterNodes().lines().collect(Collectors.toList());
            String master = lines.stream()
                    .filter(line -> line.contains("master") && servesSlot(line, slot))
                    .map(line -> line.split(" ", -1)[0])
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
            Optional<String> replica = lines.stream()
                    .filter(line -> line.split(" ", -1)[3].equals(master))
                    .map(line -> line.split(" ", -1)[1])
                    .findFirst();
            String address = replica.orElseThrow(() -> new IllegalStateException("the master of slot " + slot
                    + " has no replica: run `./seckill services up --ha` (three masters, one replica each)"));
            return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
        }
    }

    private static boolean servesSlot(String nodeLine, int slot) {
        String[] fields = nodeLine.split(" ", -1);
        for (int i = 8; i < fields.length; i++) {
            String[] range = fields[i].split("-", -1);
            if (range[0].startsWith("[")) {
                continue;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }
}
