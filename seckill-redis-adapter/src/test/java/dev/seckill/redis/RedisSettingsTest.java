package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void oneNodeIsASingleRedisUnlessToldOtherwise() {
        RedisSettings settings = RedisSettings.of("redis://127.0.0.1:6379/0");

        assertThat(settings.nodes()).containsExactly("redis://127.0.0.1:6379/0");
        assertThat(settings.clustered()).isFalse();
        assertThat(settings.withCluster(true).clustered()).isTrue();
        assertThat(settings.commandTimeout()).isEqualTo(RedisSettings.DEFAULTS.commandTimeout());
    }

    @Test
    void severalNodesAreACluster() {
        RedisSettings settings = RedisSettings.of("redis://127.0.0.1:7001, 127.0.0.1:7002,,127.0.0.1:7003");

        assertThat(settings.nodes())
                .containsExactly("redis://127.0.0.1:7001", "redis://127.0.0.1:7002", "redis://127.0.0.1:7003");
        assertThat(settings.clustered()).isTrue();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> RedisSettings.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisSettings.of("redis://h:1").withCommandTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
