package dev.seckill.app;

import dev.seckill.testsupport.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What the end-to-end tests' apps leave on the shared services (a database, three topics and a consumer group per
 * name), dropped when the test JVM ends: a test may open an app again on the names of one it closed (a restart), so
 * nothing goes earlier.
 */
final class TestRunData {

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestRunData::dropAll, "drop-e2e-data"));
    }

    private TestRunData() {}

    /** Drops the data of {@code name} when the tests end. */
    static void dropAtExit(String name) {
        NAMES.add(name);
    }

    private static void dropAll() {
        if (NAMES.isEmpty()) {
            return;
        }
        TestServices.Database server = TestServices.database();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            for (String name : NAMES) {
                statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            }
        } catch (SQLException e) {
            System.err.println("the end-to-end tests' databases were not dropped: " + e);
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServices.kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            List<String> topics = NAMES.stream()
                    .flatMap(name -> List.of(name + "-orders", name + "-retry", name + "-dlq").stream())
                    .toList();
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(
                            NAMES.stream().map(name -> name + "-consumers").toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("the end-to-end tests' topics were not deleted: " + e);
        }
    }
}
