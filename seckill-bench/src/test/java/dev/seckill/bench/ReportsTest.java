package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final long ORIGIN = 5_000_000_000L;
    private static final long MS = 1_000_000L;

    private static LoadResult run(boolean orders, int answers, long latencyMs) {
        LoadRecorder recorder = new LoadRecorder(ORIGIN, orders);
        for (int i = 0; i < answers; i++) {
            long at = ORIGIN + (i + 1) * 1_000L * MS / answers;
            if (orders && i < 10) {
                recorder.answered(i, 200, null, Long.toString(100 + i), at - latencyMs * MS, at);
            } else {
                recorder.answered(i, orders ? 409 : 200, orders ? "SOLD_OUT" : null, null, at - latencyMs * MS, at);
            }
        }
        return LoadRecorder.merge(orders ? "seckill" : "bare", ORIGIN, List.of(recorder));
    }

    private static Backlog backlog(double perSecond) {
        return new Backlog(1_000, 1_000, 0.5, 1_000 / perSecond, 2_000.0, perSecond, 40L);
    }

    private static BenchReport report(BenchSettings.Model model, List<Audit.Line> audit) {
        BenchSettings settings = new BenchSettings(
                Optional.empty(),
                Optional.empty(),
                model,
                10,
                1_000,
                1,
                Duration.ofSeconds(10),
                64,
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Optional.empty(),
                Duration.ofSeconds(20),
                Duration.ofMinutes(3),
                Duration.ofSeconds(10),
                2,
                1_000,
                1,
                3,
                Optional.empty(),
                Optional.empty(),
                Path.of("bench-out"),
                Optional.empty(),
                "512m",
                false);
        return new BenchReport(
                "bench_test",
                Instant.parse("2026-11-27T00:00:00Z"),
                "2 CPUs",
                settings,
                List.of("http://127.0.0.1:1"),
                null,
                7L,
                10,
                run(false, 4_000, 1),
                run(true, 3_000, 2),
                model == BenchSettings.Model.CLOSED
                        ? new ClosedPaths(
                                run(true, 2_000, 3),
                                run(true, 3_600, 1),
                                new AcceptCost(
                                        new ProcessCpu(3, 1), 4, Map.of("127.0.0.1:6379", 42L), 3L * 1024 * 1024))
                        : null,
                new Drain(true, 10, 2, 40.0, 500.0, 9.0, 120.0),
                new BacklogDrain(
                        1_000,
                        List.of(backlog(5_000.0)),
                        List.of(backlog(30_000.0), backlog(25_000.0), backlog(20_000.0))),
                3,
                200L * 1024 * 1024,
                true,
                List.of(
                        new StatsSampler.Sample(ORIGIN + 200 * MS, 3, 5, 0, 2),
                        new StatsSampler.Sample(ORIGIN + 400 * MS, 0, 10, 0, 0)),
                List.of(),
                Map.of("publish to retry", 0L),
                audit,
                Audit.passed(audit),
                Path.of("bench-out/bench_test"),
                List.of(Path.of("bench-out/bench_test/server-1.log")));
    }

    @Test
    void theJsonHasTheHeadlineKeys() throws Exception {
        BenchReport report =
                report(BenchSettings.Model.CLOSED, List.of(new Audit.Line("6.1", "No oversell", true, "ok")));

        JsonNode json = new ObjectMapper().readTree(new JsonReport(report).render());

        assertThat(json.path("seckillRps").asDouble()).isEqualTo(3_000.0);
        assertThat(json.path("bareRps").asDouble()).isEqualTo(4_000.0);
        assertThat(json.path("ratio").asDouble()).isEqualTo(0.75);
        assertThat(json.path("p99Ms").asDouble()).isEqualTo(2.0);
        assertThat(json.path("acceptRps").asDouble()).isEqualTo(3_000.0);
        assertThat(json.path("acceptRatio").asDouble()).isEqualTo(0.75);
        assertThat(json.path("acceptRecordedWithinMs").asDouble()).isEqualTo(120.0);
        assertThat(json.path("acceptServerCpuUs").asDouble())
                .as("3 ticks of 10 ms over 10 accepted orders")
                .isEqualTo(3_000.0);
        assertThat(json.path("acceptServerJitUs").asDouble()).isEqualTo(1_000.0);
        assertThat(json.path("acceptAllProcessesCpuUs").asDouble())
                .as("the server's 3 + 1 ticks and the services' 4, over 10 orders")
                .isEqualTo(8_000.0);
        assertThat(json.path("acceptAllocatedBytes").asDouble()).isEqualTo(3.0 * 1024 * 1024 / 10);
        assertThat(json.path("repeatRatio").asDouble()).isEqualTo(0.5);
        assertThat(json.path("soldOutRatio").asDouble()).isEqualTo(0.9);
        assertThat(json.path("soldOutP99Ms").asDouble()).isPositive();
        assertThat(new TextReport(report).render())
                .contains(
                        "POST seckill accept",
                        "POST seckill repeat",
                        "POST seckill sold out",
                        "ratio to bare         : accept 0.75, repeat 0.50, sold out 0.90",
                        "server CPU per order  : 3000 µs, and 1000 µs of JIT compiling (accept path)",
                        "all processes per order: 8000 µs of CPU (server, and 127.0.0.1:6379)",
                        "allocated per order   : 307.2 KiB (server)");
        assertThat(json.path("drainOrdersPerSecond").asDouble())
                .as("the median measured round, the warm-up not counted")
                .isEqualTo(25_000.0);
        assertThat(json.path("auditPassed").isBoolean()).isTrue();
        assertThat(json.path("auditPassed").asBoolean()).isTrue();
        assertThat(json.path("seckill").path("byCode").path("ACCEPTED").asLong())
                .isEqualTo(10);
        assertThat(json.path("seckill").path("byStatus").path("409").asLong()).isEqualTo(2_990);
        assertThat(json.path("audit").get(0).path("id").asText()).isEqualTo("6.1");
    }

    @Test
    void aFailedLineShowsInTheTextAndTheTargetsAreChecked() {
        BenchReport report = report(
                BenchSettings.Model.CLOSED,
                List.of(
                        new Audit.Line("6.1", "No oversell", true, "orders 10 <= stock 10"),
                        new Audit.Line("6.3", "Nothing lost", false, "missing 1")));

        String text = new TextReport(report).render();

        assertThat(text).contains("FAIL 6.3").contains("PASS 6.1").contains("AUDIT FAILED");
        assertThat(text)
                .containsPattern("MET  accept >= 0\\.25 of bare, p99 <= 20 ms \\(closed loop\\) +0\\.75, p99 2\\.00 ms")
                .containsPattern("sold out >= 0\\.7 of bare, p99 <= 10 ms \\(closed loop\\) +0\\.90, p99 ")
                .containsPattern("MET  every accepted order in the DB within 2 s of the load +120 ms");
        assertThat(text).contains("MET  drain >= 20,000 orders/s").contains("25000/s (median of 3 rounds)");
        assertThat(text)
                .contains("median 25000 orders/s over 3 rounds of 1000 orders")
                .contains(
                        "30000 (JIT 40 ms), 25000 (JIT 40 ms), 20000 (JIT 40 ms) orders/s; after warm-up rounds of the fresh server 5000");
    }

    @Test
    void theDrainRateIsTheMedianMeasuredRoundAndNoneWhenARoundDidNotFinish() {
        Backlog unfinished = new Backlog(1_000, 400, null, null, null, null, null);

        assertThat(new BacklogDrain(1_000, List.of(), List.of(backlog(30_000.0), backlog(20_000.0)))
                        .median()
                        .perSecondSteady())
                .as("the lower middle of an even count")
                .isEqualTo(20_000.0);
        BacklogDrain coldServerStuck = new BacklogDrain(1_000, List.of(unfinished), List.of());
        assertThat(coldServerStuck.finished()).isFalse();
        assertThat(coldServerStuck.median()).isNull();
        assertThat(new BacklogDrain(1_000, List.of(), List.of(backlog(30_000.0), unfinished)).median())
                .isNull();
    }

    @Test
    void theHtmlIsOneFileWithTheTwoCharts() {
        String html = new HtmlReport(report(BenchSettings.Model.BURST, List.of())).render();

        assertThat(html).contains("<svg id=\"latency-chart\"").contains("<svg id=\"throughput-chart\"");
        assertThat(html).contains("<polyline").contains("seckill p99").contains("accepted orders/s");
        assertThat(html.replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("<script")
                .doesNotContain("src=\"http");
    }

    @Test
    void niceAxisCeilings() {
        assertThat(Chart.niceCeiling(7)).isEqualTo(10);
        assertThat(Chart.niceCeiling(18_000)).isEqualTo(20_000);
        assertThat(Chart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(Chart.niceCeiling(230)).isEqualTo(250);
    }
}
