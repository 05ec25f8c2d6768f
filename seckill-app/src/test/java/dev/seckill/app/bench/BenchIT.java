package dev.seckill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

        BenchProcess.Result run = BenchProcess.run("burst", Duration.ofMinutes(4), "--stock", "50", "--users", "300", "--repeat", "2",
                "--ramp-window", "2s", "--warmup", "1s", "--drain-backlog", "300", "--drain-warmups", "1", "--drain-rounds", "2",
                "--html", html.toString());

        assertThat(run.exitCode()).as(run.tail()).isZero();
        JsonNode json = run.json();
        assertThat(keys(json)).contains("seckillRps", "bareRps", "ratio", "p99Ms", "drainOrdersPerSecond", "auditPassed");
        assertThat(json.path("auditPassed").asBoolean()).isTrue();
        assertThat(json.path("seckillRps").asDouble()).isPositive();
        assertThat(json.path("bareRps").asDouble()).isPositive();
        assertThat(json.path("ratio").asDouble()).isPositive();
        assertThat(json.path("drainOrdersPerSecond").asDouble()).isPositive();
        JsonNode backlog = json.path("backlog");
        assertThat(backlog.path("warmUpRounds")).hasSize(1);
        assertThat(backlog.path("rounds")).hasSize(2).allMatch(round -> round.path("recorded").asLong() == 300);
        assertThat(json.path("drainOrdersPerSecond").asDouble()).isEqualTo(backlog.path("ordersPerSecondSteady").asDouble());
        JsonNode seckill = json.path("seckill");
        assertThat(seckill.path("answers").asLong()).as("300 users twice").isEqualTo(600);
        assertThat(seckill.path("byCode").path("ACCEPTED").asLong()).isEqualTo(50);
        assertThat(seckill.path("byCode").path("SOLD_OUT").asLong() + seckill.path("byCode").path("ALREADY_ORDERED").asLong())
                .isEqualTo(550);
        assertThat(json.path("audit")).hasSize(5).allMatch(line -> line.path("passed").asBoolean());
        assertThat(run.output()).contains("AUDIT PASSED").contains("PASS 6.4");
        assertThat(Files.readString(html)).contains("<svg id=\"latency-chart\"").contains("<svg id=\"throughput-chart\"");
    }

    @Test
    void aClosedLoopReportsTheRatioToTheBareEndpoint() throws Exception {
        BenchProcess.Result run = BenchProcess.run("closed", Duration.ofMinutes(4), "--model", "closed", "--stock", "100",
                "--users", "500", "--duration", "2s", "--warmup", "1s", "--connections", "16", "--drain-backlog", "0");

        assertThat(run.exitCode()).as(run.tail()).isZero();
        JsonNode json = run.json();
        assertThat(json.path("ratio").asDouble()).isCloseTo(json.path("seckillRps").asDouble() / json.path("bareRps").asDouble(),
                org.assertj.core.api.Assertions.within(0.01));
        JsonNode codes = json.path("seckill").path("byCode");
        assertThat(codes.path("ACCEPTED").asLong()).isEqualTo(100);
        // rotating over 500 users for 2 s: after the first round every answer is a 409
        assertThat(codes.path("SOLD_OUT").asLong() + codes.path("ALREADY_ORDERED").asLong())
                .isEqualTo(json.path("seckill").path("answers").asLong() - 100);
        assertThat(json.path("backlog").isNull()).isTrue();
    }

    @Test
    void badOptionsExitWith2AndNameTheOption() throws Exception {
        BenchProcess.Result stock = BenchProcess.run("bad-stock", Duration.ofMinutes(1), "--stock", "0");
        BenchProcess.Result url = BenchProcess.run("bad-url", Duration.ofMinutes(1), "--url", "http://192.0.2.1:8081",
                "--admin-token", "x");
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
