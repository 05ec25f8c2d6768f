package dev.seckill.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport}: a text table for the terminal, JSON for machines, HTML with charts for people. */
final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchReport report;

    ReportWriter(BenchReport report) {
        this.report = report;
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "n/a" : "%.2f".formatted(ratio);
    }

    private static Double ratio3(Double ratio) {
        return ratio == null ? null : Math.round(ratio * 1000) / 1000.0;
    }

    // ---- text --------------------------------------------------------------------------------

    String text() {
        BenchReport r = report;
        BenchSettings s = r.settings();
        StringBuilder t = new StringBuilder();
        t.append("\n=== seckill bench ").append(r.name()).append(" — ").append(r.startedAt()).append(" ===\n");
        t.append("machine : ").append(r.machine()).append('\n');
        t.append("server  : ").append(r.url() != null ? r.url() + " (given with --url)"
                : String.join(", ", r.servers()) + " (-Xmx" + s.serverHeap() + ")").append('\n');
        t.append("load    : ").append(loadLine()).append('\n');
        s.drill().ifPresent(d -> t.append("drill   : ").append(d.label()).append('\n'));
        t.append('\n');
        t.append("%-22s %9s %10s %8s %8s %8s %8s %8s%n".formatted("endpoint", "answers", "req/s", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "errors"));
        if (r.bare() != null) {
            t.append(row("GET /health/live", r.bare()));
        }
        if (r.paths() != null) {
            t.append(row("POST seckill accept", r.seckill()));
            t.append(row("POST seckill repeat", r.paths().repeat()));
            t.append(row("POST seckill sold out", r.paths().soldOut()));
            t.append("ratio to bare         : accept %s, repeat %s, sold out %s%n".formatted(ratio(r.ratio()),
                    ratio(r.ratioOf(r.paths().repeat())), ratio(r.ratioOf(r.paths().soldOut()))));
            t.append("accept path           : every order in the DB %s after the load%n".formatted(
                    r.drain().recordedWithinMs() == null ? "(none after the load)" : ms(r.drain().recordedWithinMs())));
            ProcessCpu cpu = r.paths().acceptCpu();
            if (cpu != null) {
                long orders = r.seckill().accepts().size();
                t.append("server CPU per order  : %.0f µs, and %.0f µs of JIT compiling (accept path)%n".formatted(
                        cpu.workMicrosPer(orders), cpu.jitMicrosPer(orders)));
            }
        } else {
            t.append(row("POST seckill", r.seckill()));
            if (r.ratio() != null) {
                t.append("ratio seckill/bare    : %.2f%n".formatted(r.ratio()));
            }
        }
        t.append("answers by status     : ").append(join(r.seckill().byStatus())).append('\n');
        t.append("answers by code       : ").append(join(r.seckill().byCode())).append('\n');
        t.append("accepted orders       : %d of stock %d%n".formatted(r.seckill().accepts().size(), r.stock()));
        t.append("first request→sold out: ").append(r.sellOutMs() == null ? "not sold out" : ms(r.sellOutMs())).append('\n');
        Benchmark.Drain d = r.drain();
        t.append("drain                 : last accept → last order in the DB ").append(d.drainMs() == null ? "n/a" : ms(d.drainMs()))
                .append("; %d orders arrived after the load%s%n".formatted(d.ordersAfterLoad(),
                        d.afterLoadPerSecond() == null ? "" : " (" + rate(d.afterLoadPerSecond()) + ")"));
        t.append("orders recorded       : %d, %s over the run%s%n".formatted(d.orders(),
                d.recordedPerSecond() == null ? "n/a" : rate(d.recordedPerSecond()),
                d.settled() ? "" : " — NOT SETTLED within the drain timeout"));
        t.append("pending during load   : max %d (peak %d accepts/s)%n".formatted(r.maxPending(), r.peakAcceptsPerSecond()));
        BacklogDrain backlogs = r.backlog();
        if (backlogs != null) {
            Backlog m = backlogs.median();
            t.append("backlog drain         : ").append(m == null
                    ? "%d orders per round — a round did not finish (recorded: warm-up %s, measured %s)".formatted(backlogs.orders(),
                    recorded(backlogs.warmUps()), recorded(backlogs.rounds()))
                    : "median %.0f orders/s over %d rounds of %d orders (median round %.2f s; %.2f s = %.0f/s counted from the DB's return)"
                    .formatted(m.perSecondSteady(), backlogs.rounds().size(), backlogs.orders(), m.secondsSteady(),
                            m.secondsFromRestore(), m.perSecondFromRestore())).append('\n');
            t.append("backlog rounds        : ").append(rates(backlogs.rounds())).append(" orders/s; after warm-up rounds of the fresh server ")
                    .append(rates(backlogs.warmUps())).append('\n');
        }
        t.append("server heap           : ").append(r.maxHeapBytes() < 0 ? "not read"
                : "max %.0f MiB used (-Xmx%s)".formatted(r.maxHeapBytes() / 1048576.0, s.serverHeap())).append('\n');
        if (!r.events().isEmpty()) {
            t.append("\ndrill timeline:\n");
            r.events().forEach(e -> t.append("  ").append(e).append('\n'));
        }
        t.append("server counters       : ").append(join(r.serverCounts())).append('\n');
        t.append("\naudit (docs/guarantees.md):\n");
        for (Audit.Line line : r.audit()) {
            t.append("  %-4s %-5s %-45s %s%n".formatted(line.passed() ? "PASS" : "FAIL", line.id(), line.title(), line.numbers()));
        }
        t.append("\ntargets (informational):\n");
        for (BenchReport.Bar bar : r.bars()) {
            t.append("  %-4s %-48s %s%n".formatted(bar.met() == null ? "-" : bar.met() ? "MET" : "MISS", bar.name(), bar.measured()));
        }
        t.append("\nfiles: ").append(r.runDir()).append('\n');
        t.append(r.auditPassed() ? "AUDIT PASSED\n" : "AUDIT FAILED\n");
        return t.toString();
    }

    private String loadLine() {
        BenchSettings s = report.settings();
        String generator = "%d connections, %d generator threads".formatted(s.connections(), s.loadThreads());
        if (s.model() == BenchSettings.Model.CLOSED) {
            return "closed loop for %s after a %s warm-up, %s, rotating over %d users; latency from sending".formatted(
                    Durations.format(s.duration()), Durations.format(s.warmup()), generator, s.users());
        }
        return "burst of %d users x %d over %s, %s; latency from each request's scheduled time (open loop)".formatted(
                s.users(), s.repeat(), Durations.format(s.rampWindow()), generator);
    }

    private static String row(String name, LoadResult r) {
        return "%-22s %9d %10.0f %8.2f %8.2f %8.2f %8.2f %8d%n".formatted(name, r.answers(), r.answersPerSecond(),
                r.percentileMs(50), r.percentileMs(95), r.percentileMs(99), r.maxMs(), r.errors());
    }

    private static String rate(double perSecond) {
        return (perSecond >= 100 ? "%.0f/s" : "%.1f/s").formatted(perSecond);
    }

    private static String ms(double ms) {
        return ms >= 10_000 ? "%.1f s".formatted(ms / 1000) : "%.0f ms".formatted(ms);
    }

    private static String rates(List<Backlog> rounds) {
        if (rounds.isEmpty()) {
            return "(none)";
        }
        return rounds.stream().map(b -> !b.finished() ? "unfinished" : b.compilingMs() == null ? "%.0f".formatted(b.perSecondSteady())
                        : "%.0f (JIT %d ms)".formatted(b.perSecondSteady(), b.compilingMs()))
                .collect(Collectors.joining(", "));
    }

    private static String recorded(List<Backlog> rounds) {
        return rounds.stream().map(b -> Long.toString(b.recorded())).collect(Collectors.joining(", "));
    }

    private static String join(Map<?, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add((k.equals(0) ? "no answer" : k) + " " + v));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    // ---- JSON --------------------------------------------------------------------------------

    String json() {
        try {
            return JSON.writeValueAsString(tree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report cannot be written as JSON", e);
        }
    }

    Map<String, Object> tree() {
        BenchReport r = report;
        BenchSettings s = r.settings();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seckillRps", round(r.seckillRps()));
        root.put("bareRps", r.bareRps() == null ? null : round(r.bareRps()));
        root.put("ratio", r.ratio() == null ? null : Math.round(r.ratio() * 1000) / 1000.0);
        root.put("p99Ms", round(r.p99Ms()));
        root.put("drainOrdersPerSecond", r.drainOrdersPerSecond() == null ? null : round(r.drainOrdersPerSecond()));
        if (r.paths() != null) {
            root.put("acceptRps", round(r.seckillRps()));
            root.put("acceptRatio", r.ratio() == null ? null : Math.round(r.ratio() * 1000) / 1000.0);
            root.put("acceptP50Ms", round(r.seckill().percentileMs(50)));
            root.put("acceptP99Ms", round(r.p99Ms()));
            root.put("acceptPendingMax", r.maxPending());
            root.put("acceptRecordedWithinMs", r.drain().recordedWithinMs() == null ? null : round(r.drain().recordedWithinMs()));
            ProcessCpu cpu = r.paths().acceptCpu();
            long orders = r.seckill().accepts().size();
            root.put("acceptServerCpuUs", cpu == null || orders == 0 ? null : round(cpu.workMicrosPer(orders)));
            root.put("acceptServerJitUs", cpu == null || orders == 0 ? null : round(cpu.jitMicrosPer(orders)));
            root.put("repeatRps", round(r.paths().repeat().answersPerSecond()));
            root.put("repeatRatio", ratio3(r.ratioOf(r.paths().repeat())));
            root.put("soldOutRps", round(r.paths().soldOut().answersPerSecond()));
            root.put("soldOutRatio", ratio3(r.ratioOf(r.paths().soldOut())));
            root.put("soldOutP99Ms", round(r.paths().soldOut().percentileMs(99)));
        }
        root.put("auditPassed", r.auditPassed());

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", r.name());
        run.put("startedAt", r.startedAt().toString());
        run.put("machine", r.machine());
        run.put("model", s.model().label());
        run.put("drill", s.drill().map(BenchSettings.Drill::label).orElse(null));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("stock", s.stock());
        options.put("users", s.users());
        options.put("repeat", s.repeat());
        options.put("rampWindowMs", s.rampWindow().toMillis());
        options.put("connections", s.connections());
        options.put("durationMs", s.duration().toMillis());
        options.put("warmupMs", s.warmup().toMillis());
        options.put("loadThreads", s.loadThreads());
        options.put("outageMs", s.outage().toMillis());
        options.put("drainBacklog", s.drainBacklog());
        options.put("drainWarmups", s.drainWarmups());
        options.put("drainRounds", s.drainRounds());
        options.put("serverHeap", s.serverHeap());
        run.put("options", options);
        run.put("servers", r.servers());
        run.put("url", r.url());
        run.put("voucherId", Long.toString(r.voucherId()));
        run.put("files", r.runDir().toString());
        run.put("serverLogs", r.serverLogs().stream().map(Object::toString).toList());
        root.put("run", run);

        root.put("seckill", load(r.seckill()));
        root.put("bare", r.bare() == null ? null : load(r.bare()));
        root.put("repeat", r.paths() == null ? null : load(r.paths().repeat()));
        root.put("soldOut", r.paths() == null ? null : load(r.paths().soldOut()));
        Map<String, Object> seckillExtra = new LinkedHashMap<>();
        seckillExtra.put("acceptedOrders", r.seckill().accepts().size());
        seckillExtra.put("sellOutMs", r.sellOutMs() == null ? null : round(r.sellOutMs()));
        root.put("sale", seckillExtra);

        Benchmark.Drain d = r.drain();
        Map<String, Object> drain = new LinkedHashMap<>();
        drain.put("settled", d.settled());
        drain.put("orders", d.orders());
        drain.put("drainMs", d.drainMs() == null ? null : round(d.drainMs()));
        drain.put("ordersAfterLoad", d.ordersAfterLoad());
        drain.put("afterLoadOrdersPerSecond", d.afterLoadPerSecond() == null ? null : round(d.afterLoadPerSecond()));
        drain.put("recordedOrdersPerSecond", d.recordedPerSecond() == null ? null : round(d.recordedPerSecond()));
        drain.put("maxPendingDuringLoad", r.maxPending());
        drain.put("peakAcceptsPerSecond", r.peakAcceptsPerSecond());
        drain.put("pendingKeptPace", r.pendingKeptPace());
        root.put("drain", drain);

        BacklogDrain backlogs = r.backlog();
        if (backlogs == null) {
            root.put("backlog", null);
        } else {
            Map<String, Object> backlog = new LinkedHashMap<>();
            backlog.put("orders", backlogs.orders());
            backlog.put("finished", backlogs.finished());
            backlog.put("ordersPerSecondSteady", backlogs.finished() ? round(backlogs.median().perSecondSteady()) : null);
            backlog.put("rounds", backlogs.rounds().stream().map(ReportWriter::backlogRound).toList());
            backlog.put("warmUpRounds", backlogs.warmUps().stream().map(ReportWriter::backlogRound).toList());
            root.put("backlog", backlog);
        }
        root.put("serverMaxHeapBytes", r.maxHeapBytes());
        root.put("serversAlive", r.serversAlive());
        root.put("drillEvents", r.events());
        root.put("serverCounters", r.serverCounts());
        root.put("audit", r.audit().stream().map(line -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", line.id());
            m.put("title", line.title());
            m.put("passed", line.passed());
            m.put("numbers", line.numbers());
            return m;
        }).toList());
        root.put("targets", r.bars().stream().map(bar -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", bar.name());
            m.put("measured", bar.measured());
            m.put("met", bar.met());
            return m;
        }).toList());
        root.put("samples", r.samples().stream().map(sample -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ms", (sample.atNanos() - r.seckill().origin()) / 1_000_000);
            m.put("pendingOrders", sample.pendingOrders());
            m.put("dbOrders", sample.dbOrders());
            m.put("dlqOrders", sample.dlqOrders());
            m.put("redisStock", sample.redisStock());
            return m;
        }).toList());
        return root;
    }

    private static Map<String, Object> load(LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answers", r.answers());
        m.put("errors", r.errors());
        m.put("seconds", round(r.elapsedSeconds()));
        m.put("rps", round(r.answersPerSecond()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(r.percentileMs(50)));
        latency.put("p95", round(r.percentileMs(95)));
        latency.put("p99", round(r.percentileMs(99)));
        latency.put("p999", round(r.percentileMs(99.9)));
        latency.put("max", round(r.maxMs()));
        latency.put("mean", round(r.meanMs()));
        m.put("latencyMs", latency);
        Map<String, Long> byStatus = new TreeMap<>();
        r.byStatus().forEach((k, v) -> byStatus.put(k == 0 ? "none" : Integer.toString(k), v));
        m.put("byStatus", byStatus);
        m.put("byCode", r.byCode());
        m.put("perSecond", r.perSecond().stream().map(sec -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("second", sec.second());
            x.put("answers", sec.answers());
            x.put("accepted", sec.accepted());
            x.put("errors", sec.errors());
            x.put("p50Ms", round(sec.p50Ms()));
            x.put("p99Ms", round(sec.p99Ms()));
            x.put("maxMs", round(sec.maxMs()));
            return x;
        }).toList());
        return m;
    }

    private static Map<String, Object> backlogRound(Backlog b) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("recorded", b.recorded());
        round.put("secondsSteady", b.secondsSteady());
        round.put("ordersPerSecondSteady", b.perSecondSteady() == null ? null : round(b.perSecondSteady()));
        round.put("secondsFromRestore", b.secondsFromRestore());
        round.put("ordersPerSecondFromRestore", b.perSecondFromRestore() == null ? null : round(b.perSecondFromRestore()));
        round.put("jitCompilingMs", b.compilingMs());
        return round;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    // ---- HTML --------------------------------------------------------------------------------

    String html() {
        BenchReport r = report;
        List<Chart.Series> latency = new ArrayList<>();
        latency.add(new Chart.Series("seckill p50", "#1f77b4", points(r.seckill(), LoadResult.SecondStats::p50Ms)));
        latency.add(new Chart.Series("seckill p99", "#d62728", points(r.seckill(), LoadResult.SecondStats::p99Ms)));
        if (r.bare() != null) {
            latency.add(new Chart.Series("bare /health/live p99", "#7f7f7f", true, points(r.bare(), LoadResult.SecondStats::p99Ms)));
        }
        List<Chart.Series> throughput = new ArrayList<>();
        throughput.add(new Chart.Series("seckill answers/s", "#1f77b4", points(r.seckill(), sec -> (double) sec.answers())));
        throughput.add(new Chart.Series("accepted orders/s", "#2ca02c", points(r.seckill(), sec -> (double) sec.accepted())));
        throughput.add(new Chart.Series("orders recorded in the DB/s", "#ff7f0e", recordedPerSecond()));
        if (r.bare() != null) {
            throughput.add(new Chart.Series("bare /health/live answers/s", "#7f7f7f", true, points(r.bare(), sec -> (double) sec.answers())));
        }
        List<Chart.Series> pending = List.of(new Chart.Series("pending orders", "#9467bd", r.samples().stream()
                .map(sample -> new double[] {(sample.atNanos() - r.seckill().origin()) / 1e9, sample.pendingOrders()}).toList()));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>seckill bench ").append(esc(r.name()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}pre{background:#f6f6f6;padding:1em;"
                        + "overflow-x:auto;font-size:12px}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}"
                        + ".pass{color:#2ca02c}.fail{color:#d62728}</style></head><body>\n");
        h.append("<h1>seckill bench ").append(esc(r.name())).append(" <span class=\"").append(r.auditPassed() ? "pass\">audit passed"
                : "fail\">audit FAILED").append("</span></h1>\n");
        h.append("<p>").append(esc(loadLine())).append("</p>\n");
        h.append("<h2>Latency over time</h2>\n").append(Chart.svg("latency-chart", "second of the run", "ms", latency));
        h.append("<h2>Throughput over time</h2>\n").append(Chart.svg("throughput-chart", "second of the run", "per second", throughput));
        h.append("<h2>Pending orders (stats endpoint)</h2>\n").append(Chart.svg("pending-chart", "second of the run", "orders", pending));
        h.append("<h2>Report</h2>\n<pre>").append(esc(text())).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static List<double[]> points(LoadResult r, java.util.function.ToDoubleFunction<LoadResult.SecondStats> value) {
        return r.perSecond().stream().map(sec -> new double[] {sec.second() + 0.5, value.applyAsDouble(sec)}).toList();
    }

    /** Orders recorded in the DB in each second of the run, from the stats samples. */
    private List<double[]> recordedPerSecond() {
        List<double[]> points = new ArrayList<>();
        List<StatsSampler.Sample> samples = report.samples();
        long origin = report.seckill().origin();
        long previous = -1;
        int second = 0;
        for (StatsSampler.Sample sample : samples) {
            double at = (sample.atNanos() - origin) / 1e9;
            if (at < 0) {
                previous = sample.dbOrders();
                continue;
            }
            while (at >= second + 1) {
                second++;
            }
            if (previous >= 0 && (points.isEmpty() || points.get(points.size() - 1)[0] != second + 0.5)) {
                points.add(new double[] {second + 0.5, 0});
            }
            if (previous >= 0) {
                points.get(points.size() - 1)[1] += sample.dbOrders() - previous;
            }
            previous = sample.dbOrders();
        }
        return points;
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
