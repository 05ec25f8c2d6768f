package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunResourcesTest {

    @Test
    void aRunGetsItsOwnDatabaseInTheConfiguredUrl() {
        assertThat(RunResources.withDatabase("jdbc:mysql://127.0.0.1:3306/seckill?useSSL=false", "bench_1"))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/bench_1?useSSL=false");
        assertThat(RunResources.withDatabase("jdbc:mysql://db:3307", "bench_1"))
                .isEqualTo("jdbc:mysql://db:3307/bench_1");
        assertThat(RunResources.databaseOf("jdbc:mysql://127.0.0.1:3306/seckill?x=1"))
                .isEqualTo("seckill");
    }

    @Test
    void aGateReplacesTheHostAndPort() {
        assertThat(RunResources.hostPortOf("jdbc:mysql://127.0.0.1:3306/seckill"))
                .isEqualTo("127.0.0.1:3306");
        assertThat(RunResources.hostPortOf("jdbc:mysql://localhost/seckill")).isEqualTo("localhost:3306");
        assertThat(RunResources.withHostPort("jdbc:mysql://127.0.0.1:3306/bench_1?a=b", "127.0.0.1:40001"))
                .isEqualTo("jdbc:mysql://127.0.0.1:40001/bench_1?a=b");
    }
}
