package dev.seckill.bench;

import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a passing run leaves behind, dropped: its database, topics, consumer group and Redis keys
 * (only names the run made up), and the Redis keys earlier runs left whose database is gone (a run
 * that failed keeps both, to be looked at). Each part that cannot be dropped is logged, not thrown.
 */
final class RunCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunCleanup.class);
    private static final String RUN_PREFIX = "bench_[0-9a-f]{12}:";

    private RunCleanup() {}

    static void drop(RunResources resources, RedisConnection redis) {
        if (!resources.owned()) {
            return;
        }
        RedisKeys keys = new RedisKeys(redis);
        LOG.info(
                "dropped the run's {} Redis keys under {}",
                keys.deleteStartingWith(resources.keyPrefix()),
                resources.keyPrefix());
        try (Connection db = resources.openDatabase()) {
            dropLeftoverKeys(db, keys);
            try (Statement statement = db.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS `" + resources.database() + "`");
            }
        } catch (SQLException e) {
            LOG.warn("cannot drop database {}: {}", resources.database(), e.getMessage());
        }
        try (Admin kafka = resources.kafkaAdmin()) {
            kafka.deleteTopics(List.of(resources.ordersTopic(), resources.retryTopic(), resources.dlqTopic()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            kafka.deleteConsumerGroups(List.of(resources.consumerGroup())).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("cannot delete the run's topics or consumer group: {}", e.toString());
        }
    }

    private static void dropLeftoverKeys(Connection db, RedisKeys keys) {
        try (Statement statement = db.createStatement();
                ResultSet runs = statement.executeQuery("SHOW DATABASES LIKE 'bench\\_%'")) {
            Set<String> kept = new HashSet<>();
            while (runs.next()) {
                kept.add(runs.getString(1) + ":");
            }
            for (String prefix : keys.prefixes("bench_*", ':')) {
                if (prefix.matches(RUN_PREFIX) && !kept.contains(prefix)) {
                    LOG.info(
                            "dropped {} Redis keys an earlier run left under {}",
                            keys.deleteStartingWith(prefix),
                            prefix);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot look for the Redis keys of earlier runs: {}", e.toString());
        }
    }
}
