package dev.seckill.bench;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the drills saw, written from the drill's thread and read by the report: the run's timeline
 * (seconds since the burst began, each event logged too) and the drills' audit lines.
 */
final class DrillLog {

    private static final Logger LOG = LoggerFactory.getLogger(DrillLog.class);

    private final List<String> events = new ArrayList<>();
    private final List<Audit.Line> lines = new ArrayList<>();
    private volatile long origin = System.nanoTime();

    /** The timeline counts from now: the burst begins. */
    void begin() {
        origin = System.nanoTime();
    }

    /** {@link System#nanoTime} when the burst began. */
    long origin() {
        return origin;
    }

    void event(String what) {
        String line = "%6.1f s  %s".formatted((System.nanoTime() - origin) / 1e9, what);
        LOG.info("drill: {}", what);
        synchronized (events) {
            events.add(line);
        }
    }

    void line(Audit.Line line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<Audit.Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
