package dev.seckill.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is, how long to wait for it, and how the adapter keeps its keys there. The app's
 * {@code redis:} configuration section binds straight into it.
 *
 * @param uri            one node, e.g. {@code redis://127.0.0.1:6379/0}; the Sentinels of a master, e.g.
 *                       {@code redis-sentinel://127.0.0.1:26380,127.0.0.1:26381,127.0.0.1:26382#seckill} (the master's
 *                       name after the {@code #}); or the comma-separated seed nodes of a cluster, e.g.
 *                       {@code redis://127.0.0.1:7001,redis://127.0.0.1:7002} (the {@code redis://} scheme may be left
 *                       out)
 * @param cluster        connect to a Redis Cluster even when {@code uri} names a single seed node
 * @param commandTimeout how long one command may take before it fails with
 *                       {@link dev.seckill.domain.port.out.ServiceUnavailableException}; also the connect timeout
 * @param sessionTtl     the life a login session gets back when it is used (hmdp's {@code login:token:*})
 * @param sessionCache   how long a found session is answered from memory (0: not at all)
 * @param keyPrefix      the prefix of the sale keys (stock, reservations, pending orders)
 */
public record RedisSettings(
        String uri,
        boolean cluster,
        Duration commandTimeout,
        Duration sessionTtl,
        Duration sessionCache,
        String keyPrefix) {

    /** The local services' Redis and the defaults of every other setting. */
    public static final RedisSettings DEFAULTS = new RedisSettings(
            "redis://127.0.0.1:6379/0",
            false,
            Duration.ofSeconds(2),
            Duration.ofHours(10),
            Duration.ofSeconds(30),
            "seckill:");

    private static final String SENTINEL_SCHEME = "redis-sentinel://";

    public RedisSettings {
        requireText("uri", uri);
        if (uri.strip().startsWith(SENTINEL_SCHEME) && !uri.contains("#")) {
            throw new IllegalArgumentException("uri: a Sentinel address names its master after a #, e.g. "
                    + SENTINEL_SCHEME + "127.0.0.1:26380,127.0.0.1:26381#seckill; got '" + uri + "'");
        }
        if (cluster && uri.strip().startsWith(SENTINEL_SCHEME)) {
            throw new IllegalArgumentException("cluster: a Sentinel address names one master, not a cluster");
        }
        requireText("keyPrefix", keyPrefix);
        requireBetween("commandTimeout", commandTimeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        requireBetween("sessionTtl", sessionTtl, Duration.ofMinutes(1), Duration.ofDays(30));
        requireBetween("sessionCache", sessionCache, Duration.ZERO, Duration.ofMinutes(10));
    }

    /** The defaults with another URI; a cluster when the URI lists several nodes. */
    public static RedisSettings of(String uri) {
        return DEFAULTS.withUri(uri);
    }

    public RedisSettings withUri(String uri) {
        return new RedisSettings(uri, cluster, commandTimeout, sessionTtl, sessionCache, keyPrefix);
    }

    public RedisSettings withCluster(boolean cluster) {
        return new RedisSettings(uri, cluster, commandTimeout, sessionTtl, sessionCache, keyPrefix);
    }

    public RedisSettings withCommandTimeout(Duration commandTimeout) {
        return new RedisSettings(uri, cluster, commandTimeout, sessionTtl, sessionCache, keyPrefix);
    }

    /** The nodes named by {@link #uri}, each as a full {@code redis://} URI; a Sentinel address as it is. */
    List<String> nodes() {
        if (sentinel()) {
            return List.of(uri.strip());
        }
        return Arrays.stream(uri.split(","))
                .map(String::trim)
                .filter(node -> !node.isEmpty())
                .map(node -> node.contains("://") ? node : "redis://" + node)
                .toList();
    }

    boolean clustered() {
        return !sentinel() && (cluster || nodes().size() > 1);
    }

    /** Whether {@link #uri} names the Sentinels of a master rather than Redis itself. */
    boolean sentinel() {
        return uri.strip().startsWith(SENTINEL_SCHEME);
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name + " is required");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
