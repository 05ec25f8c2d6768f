package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisKeys;
import dev.seckill.redis.RedisSettings;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ./seckill bench} end to end, small: it starts its own server, measures, audits and reports. */
class BenchIT {

    private static List<String> keys(JsonNode json) {
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aSmallBurstPassesTheAuditAndWritesTheReports() throws Exception {
        Path html = BenchProcess.OUT.resolve("burst.html");
        Files.deleteIfExists(html);
        // the keys of an earlier run whose database is gone: the passing run drops them too
        String leftover = "bench_0123456789ab:";
        try (RedisClient client = RedisClient.create(TestServices.redisUri());
                StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().set(leftover + "seckill:stock:1", "5");
        }

        BenchProcess.Result run = BenchProcess.run(
                "burst",
                Duration.ofMinutes(4),
                "--stock",
                "50",
                "--users",
                "300",
                "--repeat",
                "2",
                "--ramp-window",
                "2s",
                "--warmup",
                "1s",
                "--drain-backlog",
                "300",
                "--drain-warmups",
                "1",
                "--drain-rounds",
                "2",
                "--html",
                html.toString());

        assertThat(run.exitCode()).as(run.tail()).isZero();
        JsonNode json = run.json();
        assertThat(keys(json))
                .contains("seckillRps", "bareRps", "ratio", "p99Ms", "drainOrdersPerSecond", "auditPassed");
        assertThat(json.path("auditPassed").asBoolean()).isTrue();
        assertThat(json.path("seckillRps").asDouble()).isPositive();
        assertThat(json.path("bareRps").asDouble()).isPositive();
        assertThat(json.path("ratio").asDouble()).isPositive();
        assertThat(json.path("drainOrdersPerSecond").asDouble()).isPositive();
        JsonNode backlog = json.path("backlog");
        assertThat(backlog.path("warmUpRounds")).hasSize(1);
        assertThat(backlog.path("rounds"))
                .hasSize(2)
                .allMatch(round -> round.path("recorded").asLong() == 300);
        assertThat(json.path("drainOrdersPerSecond").asDouble())
                .isEqualTo(backlog.path("ordersPerSecondSteady").asDouble());
        JsonNode seckill = json.path("seckill");
        assertThat(seckill.path("answers").asLong()).as("300 users twice").isEqualTo(600);
        assertThat(seckill.path("byCode").path("ACCEPTED").asLong()).isEqualTo(50);
        assertThat(seckill.path("byCode").path("SOLD_OUT").asLong()
                        + seckill.path("byCode").path("ALREADY_ORDERED").asLong())
                .isEqualTo(550);
        assertThat(json.path("audit"))
                .hasSize(5)
                .allMatch(line -> line.path("passed").asBoolean());
        assertThat(run.output()).contains("AUDIT PASSED").contains("PASS 6.4");
        assertThat(Files.readString(html))
                .contains("<svg id=\"latency-chart\"")
                .contains("<svg id=\"throughput-chart\"");

        Matcher dropped = Pattern.compile("dropped the run's \\d+ Redis keys under (bench_[0-9a-f]{12}):")
                .matcher(run.output());
        assertThat(dropped.find()).as(run.tail()).isTrue();
        String name = dropped.group(1);
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of(TestServices.redisUri()))) {
            assertThat(new RedisKeys(redis).prefixes("bench_*", ':')).doesNotContain(name + ":", leftover);
        }
        TestServices.Database db = TestServices.database();
        try (Connection connection =
                        DriverManager.getConnection(db.jdbcUrl("information_schema"), db.user(), db.password());
                PreparedStatement databases = connection.prepareStatement("SHOW DATABASES LIKE ?")) {
            databases.setString(1, name);
            try (ResultSet result = databases.executeQuery()) {
                assertThat(result.next()).as("database %s dropped", name).isFalse();
            }
        }
    }

    @Test
    void aClosedLoopMeasuresTheAcceptRepeatAndSoldOutPathsAgainstTheBareEndpoint() throws Exception {
        BenchProcess.Result run = BenchProcess.run(
                "closed",
                Duration.ofMinutes(4),
                "--model",
                "closed",
                "--stock",
                "100",
                "--users",
                "500",
                "--duration",
                "2s",
                "--warmup",
                "1s",
                "--connections",
                "16",
                "--drain-backlog",
                "0");

        assertThat(run.exitCode()).as(run.tail()).isZero();
        JsonNode json = run.json();
        double bare = json.path("bareRps").asDouble();
        assertThat(json.path("acceptRatio").asDouble())
                .isCloseTo(json.path("acceptRps").asDouble() / bare, within(0.01));
        assertThat(json.path("ratio").asDouble())
                .as("the headline ratio is the accept path's")
                .isEqualTo(json.path("acceptRatio").asDouble());
        assertThat(json.path("repeatRatio").asDouble())
                .isCloseTo(json.path("repeatRps").asDouble() / bare, within(0.01));
        assertThat(json.path("soldOutRatio").asDouble())
                .isCloseTo(json.path("soldOutRps").asDouble() / bare, within(0.01));
        // the accept path: a unit for each of the 500 users, each asked at most once (it ends when all have bought)
        JsonNode accept = json.path("seckill");
        assertThat(accept.path("answers").asLong()).isBetween(1L, 500L);
        assertThat(accept.path("byCode").path("ACCEPTED").asLong())
                .isEqualTo(accept.path("answers").asLong());
        assertThat(json.path("acceptRecordedWithinMs").isNumber())
                .as("orders were recorded: the time to the last one is known")
                .isTrue();
        assertThat(json.path("acceptRecordedWithinMs").asDouble()).isNotNegative();
        // the repeat path: only the buyers, each told it holds an order
        JsonNode repeat = json.path("repeat");
        assertThat(repeat.path("answers").asLong()).isPositive();
        assertThat(repeat.path("byCode").path("ALREADY_ORDERED").asLong())
                .isEqualTo(repeat.path("answers").asLong());
        // the sold-out path: one unit, then SOLD_OUT
        JsonNode soldOut = json.path("soldOut");
        assertThat(soldOut.path("byCode").path("ACCEPTED").asLong()).isEqualTo(1);
        assertThat(soldOut.path("byCode").path("SOLD_OUT").asLong()
                        + soldOut.path("byCode").path("ALREADY_ORDERED").asLong())
                .isEqualTo(soldOut.path("answers").asLong() - 1);
        assertThat(json.path("audit")).allMatch(line -> line.path("passed").asBoolean());
        assertThat(json.path("backlog").isNull()).isTrue();
        // the server's CPU per accepted order, read from /proc around the accept path
        assertThat(json.path("acceptServerCpuUs").asDouble()).isPositive();
        assertThat(json.path("acceptServerJitUs").isNumber()).isTrue();
        // the warm-up rehearsed every path within its bound, and said how the JIT ended up
        assertThat(run.output()).containsPattern("warmed up: [1-9]\\d* rounds of bare, accept, repeat and sold out");
    }

    @Test
    void badOptionsExitWith2AndNameTheOption() throws Exception {
        BenchProcess.Result stock = BenchProcess.run("bad-stock", Duration.ofMinutes(1), "--stock", "0");
        BenchProcess.Result url = BenchProcess.run(
                "bad-url", Duration.ofMinutes(1), "--url", "http://192.0.2.1:8081", "--admin-token", "x");
        BenchProcess.Result window = BenchProcess.run("bad-window", Duration.ofMinutes(1), "--ramp-window", "soon");

        assertThat(stock.exitCode()).isEqualTo(2);
        assertThat(stock.output()).contains("--stock must be between 1 and");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.output()).contains("--url must point at this machine's loopback");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.output()).contains("--ramp-window");
        assertThat(stock.json()).as("no report for a run that never started").isNull();
    }
}
