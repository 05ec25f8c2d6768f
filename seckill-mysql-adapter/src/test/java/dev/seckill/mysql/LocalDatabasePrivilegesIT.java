package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The account that {@code ./seckill services up} gives the app and the tests: rights on their own
 * databases only, nothing on the host's files, no global right, and commits that survive a crash.
 */
class LocalDatabasePrivilegesIT {

    private final Jdbi server = TestDatabases.server();

    @Test
    void theAccountCannotReadTheHostsFiles() {
        String file = server.withHandle(handle -> handle.createQuery("SELECT LOAD_FILE('/etc/hostname')")
                .mapTo(String.class)
                .one());

        assertThat(file).isNull();
        String confinedTo = server.withHandle(handle -> handle.createQuery("SELECT @@secure_file_priv")
                .mapTo(String.class)
                .one());
        assertThat(confinedTo)
                .as("LOAD DATA and INTO OUTFILE confined to a folder")
                .isNotBlank();
    }

    @Test
    void theAccountHasRightsOnItsOwnDatabasesOnlyAndCannotGrantThem() {
        List<String> grants = server.withHandle(
                handle -> handle.createQuery("SHOW GRANTS").mapTo(String.class).list());

        assertThat(grants)
                .noneMatch(grant -> grant.contains("ON *.*") && !grant.startsWith("GRANT USAGE ON *.*"))
                .noneMatch(grant -> grant.contains("GRANT OPTION"))
                .noneMatch(grant -> grant.contains("FILE") || grant.contains("SUPER"));
        assertThatThrownBy(() -> server.useHandle(handle -> handle.execute("CREATE DATABASE someone_elses_db")))
                .hasMessageContaining("Access denied");
        server.useHandle(handle -> {
            handle.execute("CREATE DATABASE IF NOT EXISTS seckill_it_privileges");
            handle.execute("DROP DATABASE seckill_it_privileges");
        });
    }

    @Test
    void commitsAreFlushedToDiskAtEachCommit() {
        int flush = server.withHandle(handle -> handle.createQuery("SELECT @@innodb_flush_log_at_trx_commit")
                .mapTo(Integer.class)
                .one());
        assertThat(flush).isEqualTo(1);
    }
}
