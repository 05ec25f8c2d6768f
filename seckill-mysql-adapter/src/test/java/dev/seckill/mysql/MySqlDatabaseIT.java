package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.JdbcConnection;
import dev.seckill.testsupport.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up: the database is created when absent and the migrations run once. */
class MySqlDatabaseIT {

    private final String name = TestServices.uniqueName("seckill_it");

    @AfterEach
    void drop() {
        TestDatabases.drop(name);
    }

    @Test
    void aDatabaseAbsentFromTheServerIsCreatedWithTheSchema() {
        assertThat(TestDatabases.exists(name)).isFalse();

        try (MySqlDatabase database = MySqlDatabase.open(TestDatabases.settings(name))) {
            assertThat(database.ping()).isTrue();
        }

        assertThat(TestDatabases.exists(name)).isTrue();
        String charset = TestDatabases.server()
                .withHandle(handle -> handle.createQuery(
                                "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :name")
                        .bind("name", name)
                        .mapTo(String.class)
                        .one());
        assertThat(charset).isEqualTo("utf8mb4");
        assertThat(tables(TestDatabases.direct(name)))
                .contains(
                        "tb_voucher",
                        "tb_seckill_voucher",
                        "tb_voucher_order",
                        "tb_failed_order",
                        "flyway_schema_history");
    }

    @Test
    void migratingTwiceChangesNothing() {
        Jdbi direct = TestDatabases.direct(name);
        MySqlDatabase.open(TestDatabases.settings(name)).close();
        List<Map<String, Object>> history = history(direct);
        List<Map<String, Object>> columns = columns(direct);

        MySqlDatabase.open(TestDatabases.settings(name)).close();

        assertThat(history).hasSize(3).allSatisfy(row -> assertThat(row).containsEntry("success", true));
        assertThat(history(direct)).isEqualTo(history);
        assertThat(columns(direct)).isEqualTo(columns).hasSizeGreaterThan(30);
    }

    @Test
    void theConnectionsAreTunedForBatchesAndSpeakUtc() {
        try (MySqlDatabase database = MySqlDatabase.open(TestDatabases.settings(name))) {
            Map<String, Object> session = database.withHandle(MySqlDatabaseIT::session);

            assertThat(session)
                    .containsEntry("time_zone", "+00:00")
                    .containsEntry("lock_wait", "10")
                    .containsEntry("rewriteBatchedStatements", true)
                    .containsEntry("cachePrepStmts", true)
                    .containsEntry("prepStmtCacheSize", 250)
                    .containsEntry("isolation", Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    private static Map<String, Object> session(Handle handle) {
        try {
            PropertySet driver =
                    handle.getConnection().unwrap(JdbcConnection.class).getPropertySet();
            Map<String, Object> values = new TreeMap<>(handle.createQuery(
                            "SELECT @@session.time_zone AS time_zone, CAST(@@session.innodb_lock_wait_timeout AS CHAR) AS lock_wait")
                    .mapToMap()
                    .one());
            values.put(
                    "rewriteBatchedStatements",
                    driver.getBooleanProperty(PropertyKey.rewriteBatchedStatements)
                            .getValue());
            values.put(
                    "cachePrepStmts",
                    driver.getBooleanProperty(PropertyKey.cachePrepStmts).getValue());
            values.put(
                    "prepStmtCacheSize",
                    driver.getIntegerProperty(PropertyKey.prepStmtCacheSize).getValue());
            values.put("isolation", handle.getConnection().getTransactionIsolation());
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tables(Jdbi direct) {
        return direct.withHandle(handle -> handle.createQuery(
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
                .mapTo(String.class)
                .list());
    }

    private static List<Map<String, Object>> history(Jdbi direct) {
        return direct.withHandle(handle -> handle.createQuery("""
                        SELECT installed_rank, version, description, script, checksum, installed_on, success
                        FROM flyway_schema_history ORDER BY installed_rank""").mapToMap().list());
    }

    private static List<Map<String, Object>> columns(Jdbi direct) {
        return direct.withHandle(handle -> handle.createQuery("""
                        SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_KEY
                        FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                        ORDER BY TABLE_NAME, ORDINAL_POSITION""").mapToMap().list());
    }
}
