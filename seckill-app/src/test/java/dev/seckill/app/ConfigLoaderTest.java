package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theCommittedDefaultsAreLoopbackAndComplete() {
        SeckillConfig config = loader.load(null, Map.of());

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8081);
        assertThat(config.kafka().ordersTopic()).isEqualTo("seckill-orders");
        assertThat(config.kafka().consumerGroup()).isEqualTo("seckill-order-consumers");
        assertThat(config.retry().maxRetries()).isEqualTo(3);
        assertThat(config.admin().token()).isEmpty();
        assertThat(config.smtp().enabled()).isFalse();
    }

    @Test
    void aFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
        Path file = file("server:\n  port: 9000\nkafka:\n  bootstrapServers: 127.0.0.1:19092\n");

        SeckillConfig config = loader.load(file, Map.of(
                "SECKILL_SERVER_PORT", "9100",
                "SECKILL_ADMIN_TOKEN", "t0ken",
                "SECKILL_REDIS_URI", "redis://127.0.0.1:6380/0"));

        assertThat(config.server().port()).isEqualTo(9100);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(config.admin().token()).isEqualTo("t0ken");
        assertThat(config.redis().uri()).isEqualTo("redis://127.0.0.1:6380/0");
        assertThat(config.mysql().user()).as("untouched default").isEqualTo("seckill");
    }

    @Test
    void environmentNamesAreTheUpperSnakeCaseOfThePath() {
        assertThat(ConfigLoader.envName("kafka.bootstrapServers")).isEqualTo("SECKILL_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigLoader.envName("mysql.url")).isEqualTo("SECKILL_MYSQL_URL");
        assertThat(ConfigLoader.envName("server.maxRequestBytes")).isEqualTo("SECKILL_SERVER_MAX_REQUEST_BYTES");
    }

    @Test
    void unknownKeysAndBadValuesStopWithTheKeyNamed() throws IOException {
        assertThatThrownBy(() -> loader.load(file("server:\n  prot: 1\n"), Map.of()))
                .hasMessageContaining("unknown config key 'server.prot'").hasMessageContaining("server.port");
        assertThatThrownBy(() -> loader.load(file("sever:\n  port: 1\n"), Map.of()))
                .hasMessageContaining("unknown config key 'sever'");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_PORT", "eighty")))
                .hasMessageContaining("server.port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_PORT", "70000")))
                .hasMessageContaining("server.port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_ZONE", "Mars/Olympus")))
                .hasMessageContaining("server.zone");
        assertThatThrownBy(() -> loader.load(file("retry:\n  maxBackoffMs: 10\n"), Map.of()))
                .hasMessageContaining("retry.maxBackoffMs");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("missing.yaml").hasMessageContaining("--config");
        assertThatThrownBy(() -> loader.load(file("server: [1, 2]\n"), Map.of()))
                .hasMessageContaining("'server' is a section");
    }
}
