package dev.seckill.bench;

import java.util.List;
import java.util.Locale;

/** A line chart as inline SVG: no script, no network, readable in any browser. */
final class Chart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    private static final int TICKS = 5;

    /** One line: {@code points} are {x, y} pairs; a dashed line for a reference such as the bare endpoint. */
    record Series(String name, String color, boolean dashed, List<double[]> points) {

        Series(String name, String color, List<double[]> points) {
            this(name, color, false, points);
        }
    }

    private Chart() {}

    static String svg(String id, String xLabel, String yLabel, List<Series> series) {
        double maxX = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[0])
                .max()
                .orElse(1);
        double maxY = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1])
                .max()
                .orElse(1);
        double stepX = niceCeiling(Math.max(maxX, 1) / TICKS);
        maxX = stepX * Math.ceil(Math.max(maxX, 1) / stepX);
        maxY = niceCeiling(Math.max(maxY, 1e-3));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(f(
                "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">\n",
                id, WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(f(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"white\" stroke=\"#ccc\"/>\n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= TICKS; i++) {
            double y = TOP + plotH - plotH * i / (double) TICKS;
            s.append(f(
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", LEFT, y, LEFT + plotW, y));
            s.append(f(
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    LEFT - 6, y + 4, number(maxY * i / TICKS)));
        }
        for (double tick = 0; tick <= maxX + 1e-9; tick += stepX) {
            double x = LEFT + plotW * tick / maxX;
            s.append(f(
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, TOP + plotH + 16, number(tick)));
        }
        s.append(f(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                LEFT + plotW / 2, HEIGHT - 8, HtmlReport.esc(xLabel)));
        s.append(f(
                "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n",
                TOP + plotH / 2, TOP + plotH / 2, HtmlReport.esc(yLabel)));
        int legendX = LEFT;
        for (Series line : series) {
            StringBuilder points = new StringBuilder();
            for (double[] p : line.points()) {
                points.append(f(
                        "%.1f,%.1f ", LEFT + plotW * p[0] / maxX, TOP + plotH - plotH * Math.min(p[1], maxY) / maxY));
            }
            s.append(f(
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"%s\"><title>%s</title></polyline>\n",
                    line.color(),
                    line.dashed() ? " stroke-dasharray=\"6 4\"" : "",
                    points.toString().trim(),
                    HtmlReport.esc(line.name())));
            s.append(f("<rect x=\"%d\" y=\"10\" width=\"12\" height=\"4\" fill=\"%s\"/>", legendX, line.color()));
            s.append(f("<text x=\"%d\" y=\"16\">%s</text>\n", legendX + 16, HtmlReport.esc(line.name())));
            legendX += 24 + 7 * line.name().length();
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double value) {
        if (value >= 10_000) {
            return value % 1000 == 0 ? f("%.0fk", value / 1000) : f("%.1fk", value / 1000);
        }
        return value == Math.rint(value) ? f("%.0f", value) : f("%.2f", value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
