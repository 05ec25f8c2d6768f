package dev.seckill.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lua script beside this class, run by its SHA-1 with EVALSHA. When the node does not know it
 * (first use, {@code SCRIPT FLUSH}, a restart, a failover) it runs once with EVAL, which puts it
 * back into that very node's script cache; later calls are EVALSHA again.
 */
final class LuaScript {

    private static final Logger LOG = LoggerFactory.getLogger(LuaScript.class);

    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    static LuaScript named(String resource) {
        return new LuaScript(resource, text(resource));
    }

    /** A script that judges a sale's copy: {@code sale-copy.lua} (its {@code node_id()}) comes first. */
    static LuaScript judgingSales(String resource) {
        return new LuaScript(resource, text("sale-copy.lua") + text(resource));
    }

    private static String text(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + resource, e);
        }
    }

    String sha() {
        return sha;
    }

    String body() {
        return body;
    }

    /** Runs the script; failures are already translated (see {@link RedisFailures}). */
    <T> CompletableFuture<T> run(
            RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> run = redis.<T>evalsha(sha, type, keys, args)
                .toCompletableFuture()
                .exceptionallyCompose(error -> {
                    if (!(RedisFailures.unwrap(error) instanceof RedisNoScriptException)) {
                        return CompletableFuture.failedFuture(error);
                    }
                    LOG.debug("{} is not cached on the node of {}: running it with EVAL", this, keys[0]);
                    return redis.<T>eval(body, type, keys, args).toCompletableFuture();
                });
        return RedisFailures.translated(run);
    }

    @Override
    public String toString() {
        return name + " (" + sha + ")";
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
