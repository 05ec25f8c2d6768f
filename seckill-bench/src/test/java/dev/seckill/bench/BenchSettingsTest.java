package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.bench.BenchSettings.Model;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad values are refused with a message naming the option (BenchCommand turns it into exit code 2). */
class BenchSettingsTest {

    private record Options(
            Optional<URI> url,
            Optional<String> token,
            Model model,
            int stock,
            int users,
            int repeat,
            Duration ramp,
            int connections,
            Duration duration,
            Optional<Drill> drill,
            int loadThreads,
            int backlog,
            String heap) {

        static Options defaults() {
            return new Options(
                    Optional.empty(),
                    Optional.empty(),
                    Model.BURST,
                    1_000,
                    20_000,
                    1,
                    Duration.ofSeconds(10),
                    64,
                    Duration.ofSeconds(10),
                    Optional.empty(),
                    2,
                    20_000,
                    "512m");
        }

        BenchSettings settings() {
            return new BenchSettings(
                    url,
                    token,
                    model,
                    stock,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    Duration.ofSeconds(3),
                    drill,
                    Duration.ofSeconds(20),
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(10),
                    loadThreads,
                    backlog,
                    3,
                    3,
                    Optional.empty(),
                    Optional.empty(),
                    Path.of("bench-out"),
                    Optional.empty(),
                    heap,
                    false);
        }

        Options stock(int value) {
            return new Options(
                    url,
                    token,
                    model,
                    value,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    heap);
        }

        Options users(int value) {
            return new Options(
                    url,
                    token,
                    model,
                    stock,
                    value,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    heap);
        }

        Options ramp(Duration value) {
            return new Options(
                    url,
                    token,
                    model,
                    stock,
                    users,
                    repeat,
                    value,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    heap);
        }

        Options connections(int value) {
            return new Options(
                    url, token, model, stock, users, repeat, ramp, value, duration, drill, loadThreads, backlog, heap);
        }

        Options url(String value, String adminToken) {
            return new Options(
                    Optional.of(URI.create(value)),
                    Optional.ofNullable(adminToken),
                    model,
                    stock,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    heap);
        }

        Options drill(Drill value) {
            return new Options(
                    url,
                    token,
                    model,
                    stock,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    Optional.of(value),
                    loadThreads,
                    backlog,
                    heap);
        }

        Options model(Model value) {
            return new Options(
                    url,
                    token,
                    value,
                    stock,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    heap);
        }

        Options heap(String value) {
            return new Options(
                    url,
                    token,
                    model,
                    stock,
                    users,
                    repeat,
                    ramp,
                    connections,
                    duration,
                    drill,
                    loadThreads,
                    backlog,
                    value);
        }
    }

    @Test
    void theDefaultsAreValid() {
        BenchSettings settings = Options.defaults().settings();

        assertThat(settings.burstRequests()).isEqualTo(20_000);
        assertThat(settings.model()).isEqualTo(Model.BURST);
    }

    @Test
    void eachBadValueNamesItsOption() {
        Options ok = Options.defaults();

        assertThatThrownBy(() -> ok.stock(0).settings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--stock must be between 1 and 10000000, got 0");
        assertThatThrownBy(() -> ok.users(-5).settings()).hasMessageStartingWith("--users");
        assertThatThrownBy(() -> ok.ramp(Duration.ofMillis(10)).settings())
                .hasMessageStartingWith("--ramp-window")
                .hasMessageContaining("10ms");
        assertThatThrownBy(() -> ok.connections(0).settings()).hasMessageStartingWith("--connections");
        assertThatThrownBy(() -> ok.users(100).settings()).hasMessageStartingWith("--drain-backlog");
        assertThatThrownBy(() -> ok.heap("lots").settings()).hasMessageStartingWith("--server-heap");
    }

    @Test
    void theUrlMustBeLoopbackAndComeWithTheAdminToken() {
        Options ok = Options.defaults();

        assertThatThrownBy(() -> ok.url("http://192.0.2.10:8081", "t").settings())
                .hasMessageStartingWith("--url must point at this machine's loopback");
        assertThatThrownBy(() -> ok.url("https://127.0.0.1:8081", "t").settings())
                .hasMessageStartingWith("--url must be http://");
        assertThatThrownBy(() -> ok.url("http://127.0.0.1:8081", null).settings())
                .hasMessageStartingWith("--admin-token is required");
        assertThat(ok.url("http://localhost:8081", "t").settings().url()).isPresent();
    }

    @Test
    void drillsThatRestartTheServerRefuseAUrl() {
        Options remote = Options.defaults().url("http://127.0.0.1:8081", "t");

        assertThatThrownBy(() -> remote.drill(Drill.KILL_APP).settings())
                .hasMessageContaining("--drill kill-app")
                .hasMessageContaining("--url");
        assertThat(remote.drill(Drill.KAFKA_OUTAGE).settings().drill()).contains(Drill.KAFKA_OUTAGE);
        assertThatThrownBy(() -> Options.defaults()
                        .drill(Drill.RETRY)
                        .model(Model.CLOSED)
                        .settings())
                .hasMessageContaining("--drill runs during a burst");
    }

    @Test
    void namesOnTheCommandLine() {
        assertThat(Drill.named("two-instances")).isEqualTo(Drill.TWO_INSTANCES);
        assertThat(Drill.KAFKA_OUTAGE.label()).isEqualTo("kafka-outage");
        assertThat(Model.named("closed")).isEqualTo(Model.CLOSED);
        assertThatThrownBy(() -> Drill.named("chaos"))
                .hasMessageStartingWith("--drill must be one of kill-app, kafka-outage");
        assertThatThrownBy(() -> Model.named("open")).hasMessageStartingWith("--model");
    }

    @Test
    void durationsAsPeopleTypeThem() {
        assertThat(BenchSettings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(BenchSettings.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(BenchSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchSettings.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1_500));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(3))).isEqualTo("3m");
        assertThatThrownBy(() -> BenchSettings.parseDuration("ten")).hasMessageContaining("'ten' is not a duration");
    }
}
