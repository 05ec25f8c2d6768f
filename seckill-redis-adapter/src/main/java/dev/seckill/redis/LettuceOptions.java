package dev.seckill.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How the Lettuce clients behave in an outage: commands are refused at once while disconnected
 * and never replayed after it, reconnects come quickly, and a cluster's topology follows a
 * failover within seconds.
 */
final class LettuceOptions {

    // short, so that service resumes within about a second of Redis coming back
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private LettuceOptions() {}

    static ClientResources resources() {
        return ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    }

    static RedisURI uri(String node, Duration timeout) {
        RedisURI uri = RedisURI.create(node);
        uri.setTimeout(timeout);
        return uri;
    }

    static ClientOptions single(Duration timeout) {
        return common(ClientOptions.builder(), timeout).build();
    }

    static ClusterClientOptions cluster(Duration timeout) {
        return common(ClusterClientOptions.builder(), timeout)
                // a failover moves slots within seconds: every adaptive trigger (MOVED, ASK, a run of reconnects...) is
                // on by default; let them fire at most once a second rather than every 5 s, and look every 5 s anyway
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .refreshTriggersReconnectAttempts(2)
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .build())
                .build();
    }

    private static <B extends ClientOptions.Builder> B common(B builder, Duration timeout) {
        builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // a command cut off by an outage has been answered "unavailable": it must not run later
                .replayFilter(command -> true)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(timeout)
                        .keepAlive(true)
                        .build());
        return builder;
    }
}
