package dev.seckill.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how long to wait for it.
 *
 * @param uri            one node, e.g. {@code redis://127.0.0.1:6379/0}, or the comma-separated seed nodes
 *                       of a cluster, e.g. {@code redis://127.0.0.1:7001,redis://127.0.0.1:7002} (the
 *                       {@code redis://} scheme may be left out)
 * @param cluster        connect to a Redis Cluster even when {@code uri} names a single seed node
 * @param commandTimeout how long one command may take before it fails with
 *                       {@link dev.seckill.domain.port.out.ServiceUnavailableException}; also the connect timeout
 */
public record RedisSettings(String uri, boolean cluster, Duration commandTimeout) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri is required");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("uri must not be blank");
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout is required");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout);
        }
    }

    /** The default timeout; a cluster when the URI lists several nodes. */
    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, false, DEFAULT_COMMAND_TIMEOUT);
    }

    public RedisSettings withCluster(boolean cluster) {
        return new RedisSettings(uri, cluster, commandTimeout);
    }

    public RedisSettings withCommandTimeout(Duration commandTimeout) {
        return new RedisSettings(uri, cluster, commandTimeout);
    }

    /** The nodes named by {@link #uri}, each as a full {@code redis://} URI. */
    List<String> nodes() {
        return Arrays.stream(uri.split(","))
                .map(String::trim)
                .filter(node -> !node.isEmpty())
                .map(node -> node.contains("://") ? node : "redis://" + node)
                .toList();
    }

    boolean clustered() {
        return cluster || nodes().size() > 1;
    }
}
