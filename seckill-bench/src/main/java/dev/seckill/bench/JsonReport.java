package dev.seckill.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A {@link BenchReport} as JSON, for machines: the keys of docs/benchmarks.md. */
final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchReport report;

    JsonReport(BenchReport report) {
        this.report = report;
    }

    String render() {
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
        root.put("ratio", ratio3(r.ratio()));
        root.put("p99Ms", round(r.p99Ms()));
        root.put("drainOrdersPerSecond", r.drainOrdersPerSecond() == null ? null : round(r.drainOrdersPerSecond()));
        if (r.paths() != null) {
            root.put("acceptRps", round(r.seckillRps()));
            root.put("acceptRatio", ratio3(r.ratio()));
            root.put("acceptP50Ms", round(r.seckill().percentileMs(50)));
            root.put("acceptP99Ms", round(r.p99Ms()));
            root.put("acceptPendingMax", r.maxPending());
            root.put(
                    "acceptRecordedWithinMs",
                    r.drain().recordedWithinMs() == null
                            ? null
                            : round(r.drain().recordedWithinMs()));
            AcceptCost cost = r.paths().acceptCost();
            long orders = r.seckill().accepts().size();
            boolean costed = cost != null && orders > 0;
            root.put("acceptServerCpuUs", costed ? round(cost.server().workMicrosPer(orders)) : null);
            root.put("acceptServerJitUs", costed ? round(cost.server().jitMicrosPer(orders)) : null);
            root.put("acceptAllProcessesCpuUs", costed ? round(cost.allProcessesMicrosPer(orders)) : null);
            root.put(
                    "acceptAllocatedBytes",
                    costed && cost.allocatedBytes() != null ? round(cost.allocatedBytesPer(orders)) : null);
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

        Drain d = r.drain();
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
            backlog.put(
                    "ordersPerSecondSteady",
                    backlogs.finished() ? round(backlogs.median().perSecondSteady()) : null);
            backlog.put(
                    "rounds",
                    backlogs.rounds().stream().map(JsonReport::backlogRound).toList());
            backlog.put(
                    "warmUpRounds",
                    backlogs.warmUps().stream().map(JsonReport::backlogRound).toList());
            root.put("backlog", backlog);
        }
        root.put("serverMaxHeapBytes", r.maxHeapBytes());
        root.put("serversAlive", r.serversAlive());
        root.put("drillEvents", r.events());
        root.put("serverCounters", r.serverCounts());
        root.put(
                "audit",
                r.audit().stream()
                        .map(line -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", line.id());
                            m.put("title", line.title());
                            m.put("passed", line.passed());
                            m.put("numbers", line.numbers());
                            return m;
                        })
                        .toList());
        root.put(
                "targets",
                r.bars().stream()
                        .map(bar -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", bar.name());
                            m.put("measured", bar.measured());
                            m.put("met", bar.met());
                            return m;
                        })
                        .toList());
        root.put(
                "samples",
                r.samples().stream()
                        .map(sample -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("ms", (sample.atNanos() - r.seckill().origin()) / 1_000_000);
                            m.put("pendingOrders", sample.pendingOrders());
                            m.put("dbOrders", sample.dbOrders());
                            m.put("dlqOrders", sample.dlqOrders());
                            m.put("redisStock", sample.redisStock());
                            return m;
                        })
                        .toList());
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
        m.put(
                "perSecond",
                r.perSecond().stream()
                        .map(sec -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("second", sec.second());
                            x.put("answers", sec.answers());
                            x.put("accepted", sec.accepted());
                            x.put("errors", sec.errors());
                            x.put("p50Ms", round(sec.p50Ms()));
                            x.put("p99Ms", round(sec.p99Ms()));
                            x.put("maxMs", round(sec.maxMs()));
                            return x;
                        })
                        .toList());
        return m;
    }

    private static Map<String, Object> backlogRound(Backlog b) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("recorded", b.recorded());
        round.put("secondsSteady", b.secondsSteady());
        round.put("ordersPerSecondSteady", b.perSecondSteady() == null ? null : round(b.perSecondSteady()));
        round.put("secondsFromRestore", b.secondsFromRestore());
        round.put(
                "ordersPerSecondFromRestore",
                b.perSecondFromRestore() == null ? null : round(b.perSecondFromRestore()));
        round.put("jitCompilingMs", b.compilingMs());
        return round;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Double ratio3(Double ratio) {
        return ratio == null ? null : Math.round(ratio * 1000) / 1000.0;
    }
}
