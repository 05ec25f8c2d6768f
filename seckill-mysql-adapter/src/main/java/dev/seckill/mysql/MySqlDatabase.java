package dev.seckill.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind the ledger and the catalogue: {@link #open} creates it when absent, brings its
 * schema up to date and opens the connection pool. Give it to {@link MySqlOrderLedger} and
 * {@link MySqlVoucherCatalogue}; {@link #close} it last.
 */
public final class MySqlDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlDatabase.class);
    private static final String MIGRATIONS = "classpath:dev/seckill/mysql/migration";

    private final MySqlSettings settings;
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private MySqlDatabase(MySqlSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Creates the database if absent, applies the pending migrations and opens the pool.
     *
     * @throws ServiceUnavailableException when the server cannot be reached
     */
    public static MySqlDatabase open(MySqlSettings settings) {
        try {
            createDatabaseIfAbsent(settings);
            HikariDataSource pool = new HikariDataSource(poolConfig(settings));
            try {
                int applied = Flyway.configure()
                        .dataSource(pool)
                        .locations(MIGRATIONS)
                        .validateMigrationNaming(true)
                        .load()
                        .migrate()
                        .migrationsExecuted;
                requireJsonTable(pool);
                LOG.info("database {} is ready ({} migrations applied now)", settings.databaseName(), applied);
                return new MySqlDatabase(settings, pool);
            } catch (RuntimeException | SQLException e) {
                pool.close();
                throw e;
            }
        } catch (SQLException e) {
            throw Outages.isOutage(e)
                    ? new ServiceUnavailableException(Outages.SERVICE, Outages.describe(e), e)
                    : new IllegalStateException(
                            "cannot create database " + settings.databaseName() + ": " + Outages.describe(e), e);
        } catch (RuntimeException e) {
            throw Outages.translate(e);
        }
    }

    /** The order ledger hands its batches to the server as one JSON document each, read with JSON_TABLE. */
    private static void requireJsonTable(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement probe = connection.createStatement()) {
            probe.executeQuery("SELECT v FROM JSON_TABLE('[1]', '$[*]' COLUMNS (v INT PATH '$')) AS t")
                    .close();
        } catch (SQLSyntaxErrorException e) {
            throw new IllegalStateException(
                    "the database server has no JSON_TABLE, which the order ledger needs: "
                            + "use MySQL 8.0.4+ or MariaDB 10.6+ (" + e.getMessage() + ")",
                    e);
        }
    }

    private static void createDatabaseIfAbsent(MySqlSettings settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty(
                "connectTimeout", Long.toString(settings.connectionTimeout().toMillis()));
        properties.setProperty(
                "socketTimeout", Long.toString(settings.socketTimeout().toMillis()));
        String name = settings.databaseName();
        try (Connection connection = DriverManager.getConnection(settings.serverUrl(), properties);
                PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // the name is checked to be [A-Za-z0-9_$]+ by MySqlSettings, so quoting it is enough
                create.executeUpdate("CREATE DATABASE IF NOT EXISTS `" + name
                        + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                LOG.info("created database {}", name);
            }
        }
    }

    private static HikariConfig poolConfig(MySqlSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("seckill-mysql-" + settings.databaseName());
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1_000, settings.connectionTimeout().toMillis()));
        // every read after the voucher rows are locked must see what other ledgers committed before
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // DATETIME columns hold UTC; NOW() and CURRENT_TIMESTAMP defaults must too
        config.setConnectionInitSql("SET time_zone = '+00:00', innodb_lock_wait_timeout = "
                + settings.lockWaitTimeout().toSeconds());
        // the driver reads its properties as text: a Boolean or Integer value here would be ignored silently
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("connectTimeout", settings.connectionTimeout().toMillis());
        driver.put("socketTimeout", settings.socketTimeout().toMillis());
        driver.put("rewriteBatchedStatements", settings.rewriteBatchedStatements());
        driver.put("cachePrepStmts", settings.cachePrepStmts());
        driver.put("prepStmtCacheSize", settings.prepStmtCacheSize());
        driver.put("prepStmtCacheSqlLimit", settings.prepStmtCacheSqlLimit());
        driver.put("useServerPrepStmts", settings.useServerPrepStmts());
        driver.put("useLocalSessionState", true);
        driver.put("elideSetAutoCommits", true);
        driver.put("cacheResultSetMetadata", true);
        driver.put("maintainTimeStats", false);
        driver.put("characterEncoding", "UTF-8");
        driver.forEach((name, value) -> config.addDataSourceProperty(name, String.valueOf(value)));
        return config;
    }

    /** Whether the database answers now (within the connection timeout); for readiness checks. */
    public boolean ping() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(
                    (int) Math.max(1, settings.connectionTimeout().toSeconds()));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("database ping failed: {}", Outages.describe(e));
            return false;
        }
    }

    public MySqlSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Runs the callback on a pooled connection; an outage comes out as {@link ServiceUnavailableException}. */
    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (RuntimeException e) {
            throw Outages.translate(e);
        }
    }

    /** Runs the callback in one transaction, rolled back when it throws; an outage comes out as {@link ServiceUnavailableException}. */
    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.inTransaction(callback);
        } catch (RuntimeException e) {
            throw Outages.translate(e);
        }
    }
}
