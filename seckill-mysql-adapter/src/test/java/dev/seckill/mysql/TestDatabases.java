package dev.seckill.mysql;

import dev.seckill.testsupport.TestServices;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** The local database server, as the integration tests use it: one database of their own each. */
final class TestDatabases {

    private TestDatabases() {}

    static MySqlSettings settings(String database) {
        return settings(database, TestServices.database().endpoint());
    }

    /** Settings for {@code database} reached through {@code endpoint} (a proxy, say). */
    static MySqlSettings settings(String database, TestServices.Endpoint endpoint) {
        TestServices.Database server = TestServices.database();
        String url = "jdbc:mysql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
        return MySqlSettings.DEFAULTS
                .withUrl(url)
                .withCredentials(server.user(), server.password())
                .withPoolSize(4)
                .withCatalogueCacheTtl(Duration.ofSeconds(2));
    }

    /** A connection-per-call view of the server, to look at the tables behind the adapter's back. */
    static Jdbi direct(String database) {
        TestServices.Database server = TestServices.database();
        return Jdbi.create(server.jdbcUrl(database), server.user(), server.password());
    }

    static Jdbi server() {
        TestServices.Database server = TestServices.database();
        return Jdbi.create(server.jdbcUrl(""), server.user(), server.password());
    }

    static boolean exists(String database) {
        return server().withHandle(handle -> handle.createQuery(
                                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :name")
                        .bind("name", database)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    static void drop(String database) {
        server().useHandle(handle -> handle.execute("DROP DATABASE IF EXISTS `" + database + "`"));
    }
}
