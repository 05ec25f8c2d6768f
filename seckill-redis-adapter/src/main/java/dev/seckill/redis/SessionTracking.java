package dev.seckill.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis' own word on which sessions changed: a connection of its own with client tracking in
 * broadcast mode on {@code login:token:}, so that every write, delete or expiry of a session
 * arrives as an invalidation within milliseconds, whoever made it. While that connection is down
 * (or was down: tracking is per connection, so it is turned on again after a reconnect) an
 * invalidation could be missed, and the cache must not be trusted. After a failover the
 * connection is opened anew, to the master now (the old one may live on as a replica), and the
 * cache starts empty: the new master may lack writes the old one had.
 */
final class SessionTracking {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTracking.class);
    private static final String INVALIDATE = "invalidate";

    private final Supplier<StatefulRedisConnection<String, String>> open;
    private final String prefix;
    private final Consumer<String> invalidate;
    private final Runnable invalidateAll;
    private volatile StatefulRedisConnection<String, String> tracker;
    private volatile boolean tracking;

    /**
     * @param open          opens the tracking connection, to the master
     * @param invalidate    told the token of each session that changed
     * @param invalidateAll told that any session may have changed
     */
    SessionTracking(
            Supplier<StatefulRedisConnection<String, String>> open,
            String prefix,
            Consumer<String> invalidate,
            Runnable invalidateAll) {
        this.open = open;
        this.prefix = prefix;
        this.invalidate = invalidate;
        this.invalidateAll = invalidateAll;
        this.tracker = connect();
        RedisFailures.await(tracker.async().clientTracking(args()));
        tracking = true;
    }

    /** Whether an invalidation can have been missed: false while the tracking connection is (or just was) down. */
    boolean trusted() {
        return tracking && tracker.isOpen();
    }

    /** Redis failed over: forget everything and track on a new connection, to the master now. */
    synchronized void failedOver() {
        tracking = false;
        invalidateAll.run();
        StatefulRedisConnection<String, String> old = tracker;
        try {
            tracker = connect();
            track(tracker);
        } catch (RuntimeException e) {
            // the cache stays off until a reconnect of the connection kept turns tracking on again
            LOG.warn("cannot open the session tracking connection after a failover: {}", e.toString());
            return;
        }
        var unused = old.closeAsync();
    }

    void close() {
        tracker.close();
    }

    private StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = open.get();
        connection.addListener(this::onPush);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
                if (channel == tracker) {
                    tracking = false;
                    invalidateAll.run();
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
                if (channel == tracker) {
                    track(tracker);
                }
            }
        });
        return connection;
    }

    private TrackingArgs args() {
        return TrackingArgs.Builder.enabled().bcast().prefixes(prefix);
    }

    private void track(StatefulRedisConnection<String, String> connection) {
        connection.async().clientTracking(args()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("cannot turn session tracking on again, the session cache stays off: {}", error.toString());
                return;
            }
            if (connection == tracker) {
                invalidateAll.run();
                tracking = true;
            }
        });
    }

    private void onPush(PushMessage message) {
        if (!INVALIDATE.equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (!(keys instanceof List<?> changed)) {
            // a FLUSHALL, or the server's tracking table overflowed: anything may have changed
            invalidateAll.run();
            return;
        }
        for (Object key : changed) {
            String name = String.valueOf(key);
            if (name.startsWith(prefix)) {
                invalidate.accept(name.substring(prefix.length()));
            }
        }
    }
}
