package dev.seckill.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of the readiness checks, each asked on a thread of its own about once a second, so
 * that {@code /health/ready} reads them without waiting: a check that blocks (a service timing out)
 * holds its own thread, never a request's. A check with no answer for longer than {@code stale} is
 * down: it is hanging.
 */
final class Readiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final List<SeckillHttpApi.ReadinessCheck> checks;
    private final Duration every;
    private final Duration stale;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService askers;

    private record Answer(boolean up, long atNanos) {}

    Readiness(List<SeckillHttpApi.ReadinessCheck> checks, Duration every, Duration stale) {
        this.checks = List.copyOf(checks);
        this.every = every;
        this.stale = stale;
        this.askers = Executors.newScheduledThreadPool(Math.max(1, checks.size()), runnable -> {
            Thread thread = new Thread(runnable, "readiness");
            thread.setDaemon(true);
            return thread;
        });
        for (SeckillHttpApi.ReadinessCheck check : this.checks) {
            // ask() catches what a check throws, so the schedule never ends by itself
            var unused = askers.scheduleWithFixedDelay(() -> ask(check), 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Each check's state, UP or DOWN, in the order given; a check not answered yet is DOWN. */
    Map<String, String> states() {
        long now = System.nanoTime();
        Map<String, String> states = new LinkedHashMap<>();
        for (SeckillHttpApi.ReadinessCheck check : checks) {
            Answer answer = answers.get(check.name());
            boolean up = answer != null
                    && answer.up()
                    && now - answer.atNanos() <= every.plus(stale).toNanos();
            states.put(check.name(), up ? "UP" : "DOWN");
        }
        return states;
    }

    private void ask(SeckillHttpApi.ReadinessCheck check) {
        boolean up;
        try {
            up = check.answers().getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("readiness check {} failed: {}", check.name(), e.toString());
            up = false;
        }
        answers.put(check.name(), new Answer(up, System.nanoTime()));
    }

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
