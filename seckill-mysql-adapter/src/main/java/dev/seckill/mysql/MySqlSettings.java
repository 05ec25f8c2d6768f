package dev.seckill.mysql;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach the database and tune the pool and the driver. The app's {@code mysql:}
 * configuration section binds straight into it.
 *
 * @param url                      {@code jdbc:mysql://host:port/database[?driver properties]}; the database is created when absent
 * @param user                     an account that may create the database (or the database exists already)
 * @param password                 its password
 * @param poolSize                 the most connections the pool opens
 * @param connectionTimeout        how long to wait for a connection (and to connect) before the database counts as unavailable
 * @param socketTimeout            how long a statement may wait for the server's answer before the connection counts as lost
 * @param lockWaitTimeout          the session's {@code innodb_lock_wait_timeout} (whole seconds, at least 1)
 * @param rewriteBatchedStatements driver: send a batch of inserts as one multi-row insert
 * @param cachePrepStmts           driver: cache prepared statements per connection
 * @param prepStmtCacheSize        driver: how many prepared statements each connection caches
 * @param prepStmtCacheSqlLimit    driver: the longest SQL text that is cached
 * @param useServerPrepStmts       driver: prepare statements on the server instead of in the driver
 * @param catalogueCacheTtl        how long the catalogue serves a voucher's sale from memory before reading it again
 */
public record MySqlSettings(
        String url,
        String user,
        String password,
        int poolSize,
        Duration connectionTimeout,
        Duration socketTimeout,
        Duration lockWaitTimeout,
        boolean rewriteBatchedStatements,
        boolean cachePrepStmts,
        int prepStmtCacheSize,
        int prepStmtCacheSqlLimit,
        boolean useServerPrepStmts,
        Duration catalogueCacheTtl) {

    private static final Pattern URL = Pattern.compile("(jdbc:mysql://[^/?]+)/([^/?;]*)(\\?.*)?");
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    /** The local services' database: {@code seckill} on 127.0.0.1:3306 as seckill/seckill, tuned for batched writes. */
    public static final MySqlSettings DEFAULTS = new MySqlSettings(
            "jdbc:mysql://127.0.0.1:3306/seckill",
            "seckill",
            "seckill",
            16,
            Duration.ofSeconds(3),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            true,
            true,
            250,
            2048,
            false,
            Duration.ofSeconds(5));

    public MySqlSettings {
        Objects.requireNonNull(url, "url is required");
        Objects.requireNonNull(user, "user is required");
        Objects.requireNonNull(password, "password is required");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout is required");
        Objects.requireNonNull(socketTimeout, "socketTimeout is required");
        Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout is required");
        Objects.requireNonNull(catalogueCacheTtl, "catalogueCacheTtl is required");
        Matcher parts = URL.matcher(url);
        if (!parts.matches() || !DATABASE_NAME.matcher(parts.group(2)).matches()) {
            throw new IllegalArgumentException("url must look like jdbc:mysql://host:port/database"
                    + " with a database name of letters, digits, _ or $, got " + url);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        // HikariCP refuses connection timeouts below 250 ms
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, got " + connectionTimeout);
        }
        if (socketTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "socketTimeout must not be negative (0 waits for ever), got " + socketTimeout);
        }
        if (lockWaitTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("lockWaitTimeout must be at least 1 s, got " + lockWaitTimeout);
        }
        // a lock wait cut short by the socket timeout would look like a lost connection
        if (!socketTimeout.isZero() && socketTimeout.compareTo(lockWaitTimeout) <= 0) {
            throw new IllegalArgumentException("socketTimeout must be longer than lockWaitTimeout, got " + socketTimeout
                    + " and " + lockWaitTimeout);
        }
        if (prepStmtCacheSize < 0 || prepStmtCacheSqlLimit < 0) {
            throw new IllegalArgumentException("prepStmtCacheSize and prepStmtCacheSqlLimit must not be negative");
        }
        if (catalogueCacheTtl.isNegative()) {
            throw new IllegalArgumentException("catalogueCacheTtl must not be negative, got " + catalogueCacheTtl);
        }
    }

    public MySqlSettings withUrl(String url) {
        return new MySqlSettings(
                url,
                user,
                password,
                poolSize,
                connectionTimeout,
                socketTimeout,
                lockWaitTimeout,
                rewriteBatchedStatements,
                cachePrepStmts,
                prepStmtCacheSize,
                prepStmtCacheSqlLimit,
                useServerPrepStmts,
                catalogueCacheTtl);
    }

    public MySqlSettings withCredentials(String user, String password) {
        return new MySqlSettings(
                url,
                user,
                password,
                poolSize,
                connectionTimeout,
                socketTimeout,
                lockWaitTimeout,
                rewriteBatchedStatements,
                cachePrepStmts,
                prepStmtCacheSize,
                prepStmtCacheSqlLimit,
                useServerPrepStmts,
                catalogueCacheTtl);
    }

    public MySqlSettings withPoolSize(int poolSize) {
        return new MySqlSettings(
                url,
                user,
                password,
                poolSize,
                connectionTimeout,
                socketTimeout,
                lockWaitTimeout,
                rewriteBatchedStatements,
                cachePrepStmts,
                prepStmtCacheSize,
                prepStmtCacheSqlLimit,
                useServerPrepStmts,
                catalogueCacheTtl);
    }

    public MySqlSettings withCatalogueCacheTtl(Duration catalogueCacheTtl) {
        return new MySqlSettings(
                url,
                user,
                password,
                poolSize,
                connectionTimeout,
                socketTimeout,
                lockWaitTimeout,
                rewriteBatchedStatements,
                cachePrepStmts,
                prepStmtCacheSize,
                prepStmtCacheSqlLimit,
                useServerPrepStmts,
                catalogueCacheTtl);
    }

    public MySqlSettings withUseServerPrepStmts(boolean useServerPrepStmts) {
        return new MySqlSettings(
                url,
                user,
                password,
                poolSize,
                connectionTimeout,
                socketTimeout,
                lockWaitTimeout,
                rewriteBatchedStatements,
                cachePrepStmts,
                prepStmtCacheSize,
                prepStmtCacheSqlLimit,
                useServerPrepStmts,
                catalogueCacheTtl);
    }

    /** The database the URL names. */
    public String databaseName() {
        return urlPart(2);
    }

    /** The same server without a database, to create the database from. */
    String serverUrl() {
        String properties = urlPart(3);
        return urlPart(1) + "/" + (properties == null ? "" : properties);
    }

    private String urlPart(int group) {
        Matcher parts = URL.matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException("checked in the constructor");
        }
        return parts.group(group);
    }

    @Override
    public String toString() {
        // the password never reaches a log
        return "MySqlSettings[url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + ", socketTimeout=" + socketTimeout
                + ", lockWaitTimeout=" + lockWaitTimeout + ", rewriteBatchedStatements=" + rewriteBatchedStatements
                + ", cachePrepStmts=" + cachePrepStmts + ", prepStmtCacheSize=" + prepStmtCacheSize
                + ", prepStmtCacheSqlLimit=" + prepStmtCacheSqlLimit + ", useServerPrepStmts=" + useServerPrepStmts
                + ", catalogueCacheTtl=" + catalogueCacheTtl + "]";
    }
}
