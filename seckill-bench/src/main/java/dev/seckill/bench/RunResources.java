package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Where one bench run keeps its data on the shared services. A run that starts its own servers
 * gets names no other run uses (database, Redis key prefix, topics, consumer group), so that runs
 * never see each other's leftovers; with {@code --url} it uses the configured ones.
 *
 * @param owned whether the run made these names up (and may drop them afterwards)
 */
record RunResources(
        String name,
        String redisUri,
        boolean redisCluster,
        String keyPrefix,
        String jdbcUrl,
        String database,
        String dbUser,
        String dbPassword,
        String kafkaServers,
        String ordersTopic,
        String retryTopic,
        String dlqTopic,
        String consumerGroup,
        boolean owned) {

    /** Fresh names for a run called {@code name} (letters, digits and underscores). */
    static RunResources own(SeckillConfig config, String name) {
        if (!name.matches("[A-Za-z0-9_]{1,48}")) {
            throw new IllegalArgumentException("a run name is letters, digits and underscores, got '" + name + "'");
        }
        return new RunResources(
                name,
                config.redis().uri(),
                config.redis().cluster(),
                name + ":",
                withDatabase(config.mysql().url(), name),
                name,
                config.mysql().user(),
                config.mysql().password(),
                config.kafka().bootstrapServers(),
                name + "-orders",
                name + "-retry",
                name + "-dlq",
                name + "-consumers",
                true);
    }

    /** The configured names, for a server that is already running ({@code --url}). */
    static RunResources configured(SeckillConfig config) {
        return new RunResources(
                "configured",
                config.redis().uri(),
                config.redis().cluster(),
                config.redis().keyPrefix(),
                config.mysql().url(),
                databaseOf(config.mysql().url()),
                config.mysql().user(),
                config.mysql().password(),
                config.kafka().bootstrapServers(),
                config.kafka().topics().orders(),
                config.kafka().topics().retry(),
                config.kafka().topics().deadLetters(),
                config.kafka().consumerGroup(),
                false);
    }

    /** These names on another Redis: the replicated one of the failover drills. */
    RunResources onRedis(String uri, boolean cluster) {
        return new RunResources(
                name,
                uri,
                cluster,
                keyPrefix,
                jdbcUrl,
                database,
                dbUser,
                dbPassword,
                kafkaServers,
                ordersTopic,
                retryTopic,
                dlqTopic,
                consumerGroup,
                owned);
    }

    /** These names on another Kafka: the three brokers of the broker drills. */
    RunResources onKafka(String servers) {
        return new RunResources(
                name,
                redisUri,
                redisCluster,
                keyPrefix,
                jdbcUrl,
                database,
                dbUser,
                dbPassword,
                servers,
                ordersTopic,
                retryTopic,
                dlqTopic,
                consumerGroup,
                owned);
    }

    /** The environment of a server on these names ({@code SECKILL_*} overrides of {@code configs/app.yaml}). */
    Map<String, String> serverEnv(String adminToken, String jdbcUrlOverride) {
        Map<String, String> env = new HashMap<>();
        env.put("SECKILL_ADMIN_TOKEN", adminToken);
        env.put("SECKILL_REDIS_URI", redisUri);
        env.put("SECKILL_REDIS_CLUSTER", Boolean.toString(redisCluster));
        env.put("SECKILL_REDIS_KEY_PREFIX", keyPrefix);
        env.put("SECKILL_MYSQL_URL", jdbcUrlOverride == null ? jdbcUrl : jdbcUrlOverride);
        env.put("SECKILL_MYSQL_USER", dbUser);
        env.put("SECKILL_MYSQL_PASSWORD", dbPassword);
        env.put("SECKILL_KAFKA_BOOTSTRAP_SERVERS", kafkaServers);
        env.put("SECKILL_KAFKA_TOPICS_ORDERS", ordersTopic);
        env.put("SECKILL_KAFKA_TOPICS_RETRY", retryTopic);
        env.put("SECKILL_KAFKA_TOPICS_DEAD_LETTERS", dlqTopic);
        env.put("SECKILL_KAFKA_CONSUMER_GROUP", consumerGroup);
        // the audit counts every accepted order as held: none may expire unpaid while a run lasts
        env.put("SECKILL_ORDER_PAYMENT_TIMEOUT", "7d");
        return env;
    }

    /** A connection to the run's database, with short timeouts: the bench looks while the DB may be cut off. */
    Connection openDatabase() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", dbUser);
        properties.setProperty("password", dbPassword);
        properties.setProperty("connectTimeout", "3000");
        properties.setProperty("socketTimeout", "30000");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** An admin client of the run's Kafka; open it per use: one kept open warns all through a Kafka outage drill. */
    Admin kafkaAdmin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** {@code jdbc:mysql://h:p/db?x=y} with another database: {@code jdbc:mysql://h:p/<database>?x=y}. */
    static String withDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:mysql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("mysql.url must be a jdbc:mysql:// URL, got '" + jdbcUrl + "'");
        }
        int hostEnd = indexOfAny(jdbcUrl, prefix.length(), "/?");
        int query = jdbcUrl.indexOf('?', hostEnd);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return jdbcUrl.substring(0, hostEnd) + "/" + database + params;
    }

    /** The database of a {@code jdbc:mysql://} URL, or "" when it names none. */
    static String databaseOf(String jdbcUrl) {
        int hostEnd = indexOfAny(jdbcUrl, "jdbc:mysql://".length(), "/?");
        if (hostEnd >= jdbcUrl.length() || jdbcUrl.charAt(hostEnd) != '/') {
            return "";
        }
        int query = jdbcUrl.indexOf('?', hostEnd);
        return jdbcUrl.substring(hostEnd + 1, query < 0 ? jdbcUrl.length() : query);
    }

    /** {@code jdbc:mysql://h:p/db} with the host and port replaced, for a gate in front of the DB. */
    static String withHostPort(String jdbcUrl, String hostPort) {
        int start = "jdbc:mysql://".length();
        int hostEnd = indexOfAny(jdbcUrl, start, "/?");
        return jdbcUrl.substring(0, start) + hostPort + jdbcUrl.substring(hostEnd);
    }

    /** The {@code host:port} of a {@code jdbc:mysql://} URL (3306 when it names no port). */
    static String hostPortOf(String jdbcUrl) {
        int start = "jdbc:mysql://".length();
        String hostPort = jdbcUrl.substring(start, indexOfAny(jdbcUrl, start, "/?"));
        return hostPort.contains(":") ? hostPort : hostPort + ":3306";
    }

    private static int indexOfAny(String text, int from, String chars) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
