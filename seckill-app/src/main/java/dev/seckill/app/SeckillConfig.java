package dev.seckill.app;

import dev.seckill.domain.model.Acknowledgement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/** The whole configuration, as {@code configs/app.yaml} spells it. Each part checks its own values. */
public record SeckillConfig(Server server, Admin admin, Sale sale, Order order, Redis redis, Mysql mysql, Kafka kafka,
                            Retry retry, Relay relay, Smtp smtp) {

    public record Server(String host, int port, int threads, int maxRequestBytes, String zone) {
        public Server {
            requireText("server.host", host);
            requireRange("server.port", port, 0, 65_535);
            requireRange("server.threads", threads, 4, 1_000);
            requireRange("server.maxRequestBytes", maxRequestBytes, 1_024, 10 * 1024 * 1024);
            try {
                ZoneId.of(zone);
            } catch (DateTimeException | NullPointerException e) {
                throw new IllegalArgumentException("server.zone must be a time zone such as Asia/Shanghai or UTC, got '" + zone + "'");
            }
        }
    }

    public record Admin(String token) {
        public Admin {
            token = token == null ? "" : token;
        }
    }

    public record Sale(long soldOutMemoMs) {
        public Sale {
            requireRange("sale.soldOutMemoMs", soldOutMemoMs, 0, 60_000);
        }
    }

    /** {@code acknowledge}: {@code reserved} (answer once Redis reserved) or {@code published} (once Kafka has the order). */
    public record Order(String acknowledge) {
        public Order {
            if (!"reserved".equals(acknowledge) && !"published".equals(acknowledge)) {
                throw new IllegalArgumentException("order.acknowledge must be reserved or published, got '" + acknowledge + "'");
            }
        }

        public Acknowledgement acknowledgement() {
            return Acknowledgement.valueOf(acknowledge.toUpperCase(Locale.ROOT));
        }
    }

    public record Redis(String uri, boolean cluster, long commandTimeoutMs, long sessionTtlSeconds, long sessionCacheSeconds,
                        String keyPrefix) {
        public Redis {
            requireText("redis.uri", uri);
            requireText("redis.keyPrefix", keyPrefix);
            if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
                throw new IllegalArgumentException("redis.uri must start with redis:// or rediss://, got '" + uri + "'");
            }
            requireRange("redis.commandTimeoutMs", commandTimeoutMs, 100, 60_000);
            requireRange("redis.sessionTtlSeconds", sessionTtlSeconds, 60, 30L * 24 * 3600);
            requireRange("redis.sessionCacheSeconds", sessionCacheSeconds, 0, 600);
        }
    }

    public record Mysql(String url, String user, String password, int poolSize, long connectionTimeoutMs,
                        boolean rewriteBatchedStatements, boolean cachePrepStmts, int prepStmtCacheSize,
                        boolean useServerPrepStmts) {
        public Mysql {
            requireText("mysql.url", url);
            if (!url.startsWith("jdbc:mysql://")) {
                throw new IllegalArgumentException("mysql.url must be a jdbc:mysql:// URL, got '" + url + "'");
            }
            requireText("mysql.user", user);
            password = password == null ? "" : password;
            requireRange("mysql.poolSize", poolSize, 1, 500);
            requireRange("mysql.connectionTimeoutMs", connectionTimeoutMs, 250, 60_000);
            requireRange("mysql.prepStmtCacheSize", prepStmtCacheSize, 0, 10_000);
        }
    }

    public record Kafka(String bootstrapServers, String ordersTopic, String retryTopic, String dlqTopic, int partitions,
                        int replicationFactor, int minInsyncReplicas, String consumerGroup, int maxPollRecords,
                        long deliveryTimeoutMs, long retentionHours, long dlqRetentionHours) {
        public Kafka {
            requireText("kafka.bootstrapServers", bootstrapServers);
            requireText("kafka.ordersTopic", ordersTopic);
            requireText("kafka.retryTopic", retryTopic);
            requireText("kafka.dlqTopic", dlqTopic);
            requireText("kafka.consumerGroup", consumerGroup);
            requireRange("kafka.partitions", partitions, 1, 1_000);
            requireRange("kafka.replicationFactor", replicationFactor, 1, 10);
            requireRange("kafka.minInsyncReplicas", minInsyncReplicas, 1, replicationFactor);
            requireRange("kafka.retentionHours", retentionHours, 1, 24L * 365 * 10);
            requireRange("kafka.dlqRetentionHours", dlqRetentionHours, retentionHours, 24L * 365 * 10);
            requireRange("kafka.maxPollRecords", maxPollRecords, 1, 10_000);
            // the producer refuses less than its request timeout (10 s) plus its linger
            requireRange("kafka.deliveryTimeoutMs", deliveryTimeoutMs, 11_000, 600_000);
        }
    }

    public record Retry(long initialBackoffMs, long maxBackoffMs, int maxRetries) {
        public Retry {
            requireRange("retry.initialBackoffMs", initialBackoffMs, 1, 3_600_000);
            requireRange("retry.maxBackoffMs", maxBackoffMs, initialBackoffMs, 3_600_000);
            requireRange("retry.maxRetries", maxRetries, 0, 100);
        }
    }

    public record Relay(long staleAfterMs, long sweepIntervalMs, long salesHorizonHours) {
        public Relay {
            requireRange("relay.staleAfterMs", staleAfterMs, 100, 3_600_000);
            requireRange("relay.sweepIntervalMs", sweepIntervalMs, 100, 3_600_000);
            requireRange("relay.salesHorizonHours", salesHorizonHours, 1, 24 * 365);
        }
    }

    public record Smtp(String host, int port, String username, String password, String from, String to, boolean startTls) {
        public Smtp {
            host = host == null ? "" : host;
            requireRange("smtp.port", port, 1, 65_535);
            username = username == null ? "" : username;
            password = password == null ? "" : password;
            from = from == null ? "" : from;
            to = to == null ? "" : to;
            if (!host.isBlank() && to.isBlank()) {
                throw new IllegalArgumentException("smtp.to is required when smtp.host is set (who gets the alerts?)");
            }
        }

        public boolean enabled() {
            return !host.isBlank();
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
