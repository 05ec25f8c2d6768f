package dev.seckill.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys under a prefix, found and deleted a page at a time (SCAN, UNLINK; on every master of a
 * cluster): for clearing away what a test or a benchmark run left, never for the request path.
 */
public final class RedisKeys {

    private final RedisClusterAsyncCommands<String, String> commands;

    public RedisKeys(RedisConnection redis) {
        this.commands = redis.commands();
    }

    /** Deletes every key that starts with {@code prefix}; returns how many went. */
    public long deleteStartingWith(String prefix) {
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("a prefix is required: this never deletes every key");
        }
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = RedisFailures.await(commands.scan(
                    cursor, ScanArgs.Builder.matches(globEscaped(prefix) + "*").limit(1_000)));
            for (String key : page.getKeys()) {
                // one key a call: on a cluster the keys of a page live in many slots
                deleted += RedisFailures.await(commands.unlink(key));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    /** The distinct prefixes, up to and including their first {@code separator}, of the keys matching {@code pattern}. */
    public Set<String> prefixes(String pattern, char separator) {
        Set<String> prefixes = new TreeSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = RedisFailures.await(
                    commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1_000)));
            for (String key : page.getKeys()) {
                int end = key.indexOf(separator);
                if (end > 0) {
                    prefixes.add(key.substring(0, end + 1));
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return prefixes;
    }

    private static String globEscaped(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
