package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MySqlSettingsTest {

    @Test
    void theDefaultsMatchTheLocalServicesAndTuneTheDriverForBatches() {
        MySqlSettings defaults = MySqlSettings.DEFAULTS;

        assertThat(defaults.url()).isEqualTo("jdbc:mysql://127.0.0.1:3306/seckill");
        assertThat(defaults.databaseName()).isEqualTo("seckill");
        assertThat(defaults.user()).isEqualTo("seckill");
        assertThat(defaults.password()).isEqualTo("seckill");
        assertThat(defaults.rewriteBatchedStatements()).isTrue();
        assertThat(defaults.cachePrepStmts()).isTrue();
        assertThat(defaults.connectionTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theServerUrlKeepsTheDriverPropertiesWithoutTheDatabase() {
        MySqlSettings settings =
                MySqlSettings.DEFAULTS.withUrl("jdbc:mysql://db.local:3307/shop_1?sslMode=DISABLED&a=b");

        assertThat(settings.databaseName()).isEqualTo("shop_1");
        assertThat(settings.serverUrl()).isEqualTo("jdbc:mysql://db.local:3307/?sslMode=DISABLED&a=b");
    }

    @Test
    void aUrlWithoutAUsableDatabaseNameIsRefused() {
        for (String url : new String[] {
            "jdbc:mysql://127.0.0.1:3306/",
            "jdbc:mysql://127.0.0.1:3306",
            "jdbc:mysql://127.0.0.1:3306/a`b",
            "jdbc:postgresql://127.0.0.1/seckill"
        }) {
            assertThatThrownBy(() -> MySqlSettings.DEFAULTS.withUrl(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jdbc:mysql://host:port/database");
        }
    }

    @Test
    void thePasswordIsNotPrinted() {
        assertThat(MySqlSettings.DEFAULTS.withCredentials("app", "s3cret").toString())
                .contains("user=app")
                .doesNotContain("s3cret");
    }

    @Test
    void aConnectionTimeoutTooShortForThePoolIsRefused() {
        MySqlSettings d = MySqlSettings.DEFAULTS;

        assertThatThrownBy(() -> new MySqlSettings(
                        d.url(),
                        d.user(),
                        d.password(),
                        d.poolSize(),
                        Duration.ofMillis(100),
                        d.socketTimeout(),
                        d.lockWaitTimeout(),
                        true,
                        true,
                        250,
                        2048,
                        false,
                        d.catalogueCacheTtl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionTimeout");
    }

    @Test
    void aSocketTimeoutThatWouldCutALockWaitShortIsRefused() {
        MySqlSettings d = MySqlSettings.DEFAULTS;

        assertThatThrownBy(() -> new MySqlSettings(
                        d.url(),
                        d.user(),
                        d.password(),
                        d.poolSize(),
                        d.connectionTimeout(),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        true,
                        true,
                        250,
                        2048,
                        false,
                        d.catalogueCacheTtl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socketTimeout must be longer than lockWaitTimeout");
    }
}
