package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.tracing.TracingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void theDefaultsAreLoopbackAndComplete() {
        SeckillConfig config = loader.load(null, Map.of());

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8081);
        assertThat(config.kafka().topics().orders()).isEqualTo("seckill-orders");
        assertThat(config.kafka().consumerGroup()).isEqualTo("seckill-order-consumers");
        assertThat(config.retry().maxRetries()).isEqualTo(3);
        assertThat(config.admin().token()).isEmpty();
        assertThat(config.smtp().enabled()).isFalse();
    }

    @Test
    void aFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
        Path file = file("server:\n  port: 9000\nkafka:\n  bootstrapServers: 127.0.0.1:19092\n");

        SeckillConfig config = loader.load(
                file,
                Map.of(
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
    void tracingIsOffUnlessTurnedOnAndItsValuesAreChecked() {
        assertThat(loader.load(null, Map.of()).tracing().enabled()).isFalse();

        TracingSettings on = loader.load(
                        null,
                        Map.of(
                                "SECKILL_TRACING_ENABLED",
                                "true",
                                "SECKILL_TRACING_ENDPOINT",
                                "http://collector:4318/",
                                "SECKILL_TRACING_SAMPLE_RATIO",
                                "0.25"))
                .tracing();
        assertThat(on.enabled()).isTrue();
        assertThat(on.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(on.sampleRatio()).isEqualTo(0.25);
        assertThat(on.serviceName()).isEqualTo("seckill");

        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_TRACING_SAMPLE_RATIO", "2")))
                .hasMessageContaining("'tracing': sampleRatio must be between 0 and 1");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_TRACING_ENDPOINT", "127.0.0.1:4318")))
                .hasMessageContaining("'tracing': endpoint must be an http or https URL");
    }

    @Test
    void withTracingOffTheAdaptersGetTheNoop() {
        try (Telemetry telemetry = Telemetry.open(SeckillConfig.DEFAULTS.tracing())) {
            assertThat(telemetry.openTelemetry()).isSameAs(io.opentelemetry.api.OpenTelemetry.noop());
        }
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
                .hasMessageContaining("unknown config key 'server.prot'")
                .hasMessageContaining("server.port");
        assertThatThrownBy(() -> loader.load(file("sever:\n  port: 1\n"), Map.of()))
                .hasMessageContaining("unknown config key 'sever'");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_PORT", "eighty")))
                .hasMessageContaining("server.port")
                .hasMessageContaining("eighty");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_PORT", "70000")))
                .hasMessageContaining("'server': port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SERVER_ZONE", "Mars/Olympus")))
                .hasMessageContaining("'server': zone must be a time zone")
                .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> loader.load(file("retry:\n  maxBackoff: 10ms\n"), Map.of()))
                .hasMessageContaining("'retry'")
                .hasMessageContaining("maxBackoff must be at least initialBackoff");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_REDIS_COMMAND_TIMEOUT", "2")))
                .hasMessageContaining("redis.commandTimeout")
                .hasMessageContaining("500ms, 30s, 5m, 2h or 7d");
        assertThatThrownBy(() -> loader.load(null, Map.of("SECKILL_SMTP_HOST", "mail.example.com")))
                .hasMessageContaining("smtp.to is required when smtp.host is set");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("missing.yaml")
                .hasMessageContaining("--config");
        assertThatThrownBy(() -> loader.load(file("server: [1, 2]\n"), Map.of()))
                .hasMessageContaining("'server' is a section");
    }

    @Test
    void durationsAreReadWithTheirUnit() throws IOException {
        SeckillConfig config = loader.load(
                file("redis:\n  commandTimeout: 750ms\nkafka:\n  topics:\n    retention: 3d\n"),
                Map.of("SECKILL_RELAY_SALES_HORIZON", "2h", "SECKILL_SALE_SOLD_OUT_MEMO", "PT1S"));

        assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.kafka().topics().retention()).isEqualTo(Duration.ofDays(3));
        assertThat(config.relay().salesHorizon()).isEqualTo(Duration.ofHours(2));
        assertThat(config.sale().soldOutMemo()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theKeysOfEarlierFilesAndTheirVariablesStillWork() throws IOException {
        Path earlier = file("""
                redis:
                  commandTimeoutMs: 1500
                kafka:
                  ordersTopic: old-orders
                  partitions: 4
                  retentionHours: 48
                relay:
                  staleAfterMs: 2500
                """);

        SeckillConfig config = loader.load(
                earlier, Map.of("SECKILL_RETRY_MAX_BACKOFF_MS", "60000", "SECKILL_KAFKA_DLQ_TOPIC", "old-dlq"));

        assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.kafka().topics().orders()).isEqualTo("old-orders");
        assertThat(config.kafka().topics().ordersPartitions()).isEqualTo(4);
        assertThat(config.kafka().topics().retryPartitions()).isEqualTo(4);
        assertThat(config.kafka().topics().retention()).isEqualTo(Duration.ofHours(48));
        assertThat(config.kafka().topics().deadLetters()).isEqualTo("old-dlq");
        assertThat(config.relay().staleAfter()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.retry().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(
                        () -> loader.load(file("redis:\n  commandTimeoutMs: 1500\n  commandTimeout: 1s\n"), Map.of()))
                .hasMessageContaining("keep 'redis.commandTimeout' only");
    }

    @Test
    void aListIsGivenAsCommaSeparatedText() throws IOException {
        SeckillConfig config = loader.load(
                file("smtp:\n  host: mail.example.com\n  to: ops@example.com, oncall@example.com\n"), Map.of());

        assertThat(config.smtp().to()).containsExactly("ops@example.com", "oncall@example.com");
        assertThat(loader.load(null, Map.of("SECKILL_SMTP_HOST", "mail", "SECKILL_SMTP_TO", "a@b.c"))
                        .smtp()
                        .to())
                .containsExactly("a@b.c");
    }

    @Test
    void thePrintedConfigurationMasksTheSecretsAndReadsBackTheSame() throws IOException {
        Map<String, String> env = Map.of("SECKILL_ADMIN_TOKEN", "t0ken", "SECKILL_MYSQL_PASSWORD", "s3cret");

        String printed = loader.print(null, env);

        assertThat(printed).doesNotContain("t0ken", "s3cret").contains("token: '***'", "commandTimeout: 2s");
        SeckillConfig reread = loader.load(file(printed), env);
        assertThat(reread).isEqualTo(loader.load(null, env));
    }
}
