package dev.seckill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A {@link BenchReport} as HTML with latency, throughput and pending charts, for people. */
final class HtmlReport {

    private final BenchReport report;

    HtmlReport(BenchReport report) {
        this.report = report;
    }

    String render() {
        BenchReport r = report;
        List<Chart.Series> latency = new ArrayList<>();
        latency.add(new Chart.Series("seckill p50", "#1f77b4", points(r.seckill(), LoadResult.SecondStats::p50Ms)));
        latency.add(new Chart.Series("seckill p99", "#d62728", points(r.seckill(), LoadResult.SecondStats::p99Ms)));
        if (r.bare() != null) {
            latency.add(new Chart.Series(
                    "bare /health/live p99", "#7f7f7f", true, points(r.bare(), LoadResult.SecondStats::p99Ms)));
        }
        List<Chart.Series> throughput = new ArrayList<>();
        throughput.add(
                new Chart.Series("seckill answers/s", "#1f77b4", points(r.seckill(), sec -> (double) sec.answers())));
        throughput.add(
                new Chart.Series("accepted orders/s", "#2ca02c", points(r.seckill(), sec -> (double) sec.accepted())));
        throughput.add(new Chart.Series("orders recorded in the DB/s", "#ff7f0e", recordedPerSecond()));
        if (r.bare() != null) {
            throughput.add(new Chart.Series(
                    "bare /health/live answers/s", "#7f7f7f", true, points(r.bare(), sec -> (double) sec.answers())));
        }
        List<Chart.Series> pending = List.of(new Chart.Series(
                "pending orders",
                "#9467bd",
                r.samples().stream()
                        .map(sample ->
                                new double[] {(sample.atNanos() - r.seckill().origin()) / 1e9, sample.pendingOrders()})
                        .toList()));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>seckill bench ")
                .append(esc(r.name()))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}pre{background:#f6f6f6;padding:1em;"
                                + "overflow-x:auto;font-size:12px}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}"
                                + ".pass{color:#2ca02c}.fail{color:#d62728}</style></head><body>\n");
        h.append("<h1>seckill bench ")
                .append(esc(r.name()))
                .append(" <span class=\"")
                .append(r.auditPassed() ? "pass\">audit passed" : "fail\">audit FAILED")
                .append("</span></h1>\n");
        h.append("<p>").append(esc(TextReport.loadLine(r.settings()))).append("</p>\n");
        h.append("<h2>Latency over time</h2>\n").append(Chart.svg("latency-chart", "second of the run", "ms", latency));
        h.append("<h2>Throughput over time</h2>\n")
                .append(Chart.svg("throughput-chart", "second of the run", "per second", throughput));
        h.append("<h2>Pending orders (stats endpoint)</h2>\n")
                .append(Chart.svg("pending-chart", "second of the run", "orders", pending));
        h.append("<h2>Report</h2>\n<pre>")
                .append(esc(new TextReport(r).render()))
                .append("</pre>\n</body></html>\n");
        return h.toString();
    }

    private static List<double[]> points(LoadResult r, ToDoubleFunction<LoadResult.SecondStats> value) {
        return r.perSecond().stream()
                .map(sec -> new double[] {sec.second() + 0.5, value.applyAsDouble(sec)})
                .toList();
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
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
