package dev.seckill.redis;

import dev.seckill.testsupport.TestServices;

/** The test servers as adapter settings, and cleaning up after a test's own keys. */
final class TestRedis {

    private TestRedis() {}

    static RedisSettings single() {
        return RedisSettings.of(TestServices.redisUri());
    }

    static RedisSettings cluster() {
        return RedisSettings.of(String.join(",", TestServices.redisClusterUris()))
                .withCluster(true);
    }

    /** A key prefix no other test run uses. */
    static String uniquePrefix() {
        return TestServices.uniqueName("seckill-it") + ":";
    }

    /** Deletes every key under the prefix (on every master of a cluster). */
    static void deleteKeys(RedisConnection connection, String prefix) {
        new RedisKeys(connection).deleteStartingWith(prefix);
    }
}
