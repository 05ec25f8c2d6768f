package dev.seckill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A {@link BenchReport} as a text table, for the terminal. */
final class TextReport {

    private final BenchReport report;

    TextReport(BenchReport report) {
        this.report = report;
    }

    String render() {
        BenchReport r = report;
        BenchSettings s = r.settings();
        StringBuilder t = new StringBuilder();
        t.append("\n=== seckill bench ")
                .append(r.name())
                .append(" — ")
                .append(r.startedAt())
                .append(" ===\n");
        t.append("machine : ").append(r.machine()).append('\n');
        t.append("server  : ")
                .append(
                        r.url() != null
                                ? r.url() + " (given with --url)"
                                : String.join(", ", r.servers()) + " (-Xmx" + s.serverHeap() + ")")
                .append('\n');
        t.append("load    : ").append(loadLine(s)).append('\n');
        s.drill().ifPresent(d -> t.append("drill   : ").append(d.label()).append('\n'));
        t.append('\n');
        t.append("%-22s %9s %10s %8s %8s %8s %8s %8s%n"
                .formatted("endpoint", "answers", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"));
        if (r.bare() != null) {
            t.append(row("GET /health/live", r.bare()));
        }
        if (r.paths() != null) {
            t.append(row("POST seckill accept", r.seckill()));
            t.append(row("POST seckill repeat", r.paths().repeat()));
            t.append(row("POST seckill sold out", r.paths().soldOut()));
            t.append("ratio to bare         : accept %s, repeat %s, sold out %s%n"
                    .formatted(
                            ratio(r.ratio()),
                            ratio(r.ratioOf(r.paths().repeat())),
                            ratio(r.ratioOf(r.paths().soldOut()))));
            t.append("accept path           : every order in the DB %s after the load%n"
                    .formatted(
                            r.drain().recordedWithinMs() == null
                                    ? "(none after the load)"
                                    : ms(r.drain().recordedWithinMs())));
            AcceptCost cost = r.paths().acceptCost();
            if (cost != null) {
                long orders = r.seckill().accepts().size();
                t.append("server CPU per order  : %.0f µs, and %.0f µs of JIT compiling (accept path)%n"
                        .formatted(
                                cost.server().workMicrosPer(orders),
                                cost.server().jitMicrosPer(orders)));
                t.append("all processes per order: %.0f µs of CPU (server, and %s)%n"
                        .formatted(
                                cost.allProcessesMicrosPer(orders),
                                String.join(", ", cost.services().keySet())));
                t.append(
                        "allocated per order   : %.1f KiB (server)%n".formatted(cost.allocatedBytesPer(orders) / 1024));
            }
        } else {
            t.append(row("POST seckill", r.seckill()));
            if (r.ratio() != null) {
                t.append("ratio seckill/bare    : %.2f%n".formatted(r.ratio()));
            }
        }
        t.append("answers by status     : ")
                .append(join(r.seckill().byStatus()))
                .append('\n');
        t.append("answers by code       : ").append(join(r.seckill().byCode())).append('\n');
        t.append("accepted orders       : %d of stock %d%n"
                .formatted(r.seckill().accepts().size(), r.stock()));
        t.append("first request→sold out: ")
                .append(r.sellOutMs() == null ? "not sold out" : ms(r.sellOutMs()))
                .append('\n');
        Drain d = r.drain();
        t.append("drain                 : last accept → last order in the DB ")
                .append(d.drainMs() == null ? "n/a" : ms(d.drainMs()))
                .append("; %d orders arrived after the load%s%n"
                        .formatted(
                                d.ordersAfterLoad(),
                                d.afterLoadPerSecond() == null ? "" : " (" + rate(d.afterLoadPerSecond()) + ")"));
        t.append("orders recorded       : %d, %s over the run%s%n"
                .formatted(
                        d.orders(),
                        d.recordedPerSecond() == null ? "n/a" : rate(d.recordedPerSecond()),
                        d.settled() ? "" : " — NOT SETTLED within the drain timeout"));
        t.append("pending during load   : max %d (peak %d accepts/s)%n"
                .formatted(r.maxPending(), r.peakAcceptsPerSecond()));
        BacklogDrain backlogs = r.backlog();
        if (backlogs != null) {
            Backlog m = backlogs.median();
            t.append("backlog drain         : ")
                    .append(
                            m == null
                                    ? "%d orders per round — a round did not finish (recorded: warm-up %s, measured %s)"
                                            .formatted(
                                                    backlogs.orders(),
                                                    recorded(backlogs.warmUps()),
                                                    recorded(backlogs.rounds()))
                                    : "median %.0f orders/s over %d rounds of %d orders (median round %.2f s; %.2f s = %.0f/s counted from the DB's return)"
                                            .formatted(
                                                    m.perSecondSteady(),
                                                    backlogs.rounds().size(),
                                                    backlogs.orders(),
                                                    m.secondsSteady(),
                                                    m.secondsFromRestore(),
                                                    m.perSecondFromRestore()))
                    .append('\n');
            t.append("backlog rounds        : ")
                    .append(rates(backlogs.rounds()))
                    .append(" orders/s; after warm-up rounds of the fresh server ")
                    .append(rates(backlogs.warmUps()))
                    .append('\n');
        }
        t.append("server heap           : ")
                .append(
                        r.maxHeapBytes() < 0
                                ? "not read"
                                : "max %.0f MiB used (-Xmx%s)".formatted(r.maxHeapBytes() / 1048576.0, s.serverHeap()))
                .append('\n');
        if (!r.events().isEmpty()) {
            t.append("\ndrill timeline:\n");
            r.events().forEach(e -> t.append("  ").append(e).append('\n'));
        }
        t.append("server counters       : ").append(join(r.serverCounts())).append('\n');
        t.append("\naudit (docs/guarantees.md):\n");
        for (Audit.Line line : r.audit()) {
            t.append("  %-4s %-5s %-45s %s%n"
                    .formatted(line.passed() ? "PASS" : "FAIL", line.id(), line.title(), line.numbers()));
        }
        t.append("\ntargets (informational):\n");
        for (BenchReport.Bar bar : r.bars()) {
            t.append("  %-4s %-54s %s%n"
                    .formatted(bar.met() == null ? "-" : bar.met() ? "MET" : "MISS", bar.name(), bar.measured()));
        }
        t.append("\nfiles: ").append(r.runDir()).append('\n');
        t.append(r.auditPassed() ? "AUDIT PASSED\n" : "AUDIT FAILED\n");
        return t.toString();
    }

    /** What load was driven, in one line (the HTML report's heading too). */
    static String loadLine(BenchSettings s) {
        String generator = "%d connections, %d generator threads".formatted(s.connections(), s.loadThreads());
        if (s.model() == BenchSettings.Model.CLOSED) {
            return "closed loop for %s after a %s warm-up, %s, rotating over %d users; latency from sending"
                    .formatted(Durations.format(s.duration()), Durations.format(s.warmup()), generator, s.users());
        }
        return "burst of %d users x %d over %s, %s; latency from each request's scheduled time (open loop)"
                .formatted(s.users(), s.repeat(), Durations.format(s.rampWindow()), generator);
    }

    private static String row(String name, LoadResult r) {
        return "%-22s %9d %10.0f %8.2f %8.2f %8.2f %8.2f %8d%n"
                .formatted(
                        name,
                        r.answers(),
                        r.answersPerSecond(),
                        r.percentileMs(50),
                        r.percentileMs(95),
                        r.percentileMs(99),
                        r.maxMs(),
                        r.errors());
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
        return rounds.stream()
                .map(b -> !b.finished()
                        ? "unfinished"
                        : b.compilingMs() == null
                                ? "%.0f".formatted(b.perSecondSteady())
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

    private static String ratio(Double ratio) {
        return ratio == null ? "n/a" : "%.2f".formatted(ratio);
    }
}
