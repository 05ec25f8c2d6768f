package dev.seckill.redis;

import dev.seckill.testsupport.TestServices;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

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

    /** Deletes every key under the prefix (on every node of a cluster). */
    static void deleteKeys(RedisConnection connection, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = RedisFailures.await(connection
                    .commands()
                    .scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000)));
            if (!page.getKeys().isEmpty()) {
                RedisFailures.await(connection.commands().del(page.getKeys().toArray(String[]::new)));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
