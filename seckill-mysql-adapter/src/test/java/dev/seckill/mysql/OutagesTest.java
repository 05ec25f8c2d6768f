package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutagesTest {

    @ParameterizedTest(name = "[{index}] {0} {1} -> outage: {2}")
    @CsvSource({
        "08S01, 0,    true", // communications link failure
        "08001, 0,    true", // cannot connect
        "HY000, 1205, true", // lock wait timeout
        "40001, 1213, true", // deadlock
        "HY000, 1290, true", // --read-only
        "HY000, 1836, true", // read-only mode
        "08S01, 1053, true", // shutdown in progress
        "HY000, 2013, true", // lost connection during query
        "23000, 1062, false", // duplicate key
        "22001, 1406, false", // data too long
        "22007, 1292, false", // incorrect datetime value
        "HY000, 4025, false", // MariaDB: CHECK constraint failed
        "42S02, 1146, false" // table does not exist
    })
    void classifiesServerAnswers(String sqlState, int errorCode, boolean outage) {
        SQLException failure = new SQLException("server said no", sqlState, errorCode);

        assertThat(Outages.isOutage(new RuntimeException("wrapped", failure))).isEqualTo(outage);
    }

    @Test
    void aConnectionThePoolCannotGiveInTimeIsAnOutage() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "seckill-mysql - Connection is not available, request timed out after 3001ms.");

        RuntimeException translated = Outages.translate(new IllegalStateException(timeout));

        assertThat(translated).isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
            assertThat(e.service()).isEqualTo("mysql");
            assertThat(e.getMessage()).isEqualTo("mysql is unavailable: " + timeout.getMessage());
        });
    }

    @Test
    void aRefusedSocketIsAnOutage() {
        assertThat(Outages.isOutage(new RuntimeException(new ConnectException("Connection refused"))))
                .isTrue();
    }

    @Test
    void aFailureOfTheStatementItselfIsLeftAsItIs() {
        IllegalStateException failure = new IllegalStateException(new SQLIntegrityConstraintViolationException(
                "Duplicate entry '1-2' for key 'uk_user_voucher'", "23000", 1062));

        assertThat(Outages.translate(failure)).isSameAs(failure);
        assertThat(Outages.describe(failure)).isEqualTo("Duplicate entry '1-2' for key 'uk_user_voucher'");
    }

    @Test
    void aDescriptionIsOneShortLine() {
        String description = Outages.describe(new SQLException("first line\n\tat some.Frame\n" + "x".repeat(2_000)));

        assertThat(description).isEqualTo("first line");
        assertThat(Outages.describe(new SQLException("y".repeat(2_000)))).hasSize(503);
    }
}
