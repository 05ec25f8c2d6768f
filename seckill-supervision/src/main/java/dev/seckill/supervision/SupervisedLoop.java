package dev.seckill.supervision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop on its own thread that no failure ends for good. One life of the loop is
 * {@link Body#run}: it returns when asked to stop, or throws. Whatever it throws (an exception or
 * an {@link Error}) is logged with its stack, counted in {@code seckill_loop_restarts_total{loop}},
 * and the body runs again after a back-off that doubles up to {@code maxBackoff} (and starts over
 * once a life lasted a minute). While it waits, {@link #up()} is false, for readiness to say so.
 */
public final class SupervisedLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedLoop.class);
    private static final Duration HEALTHY_LIFE = Duration.ofMinutes(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PERIODIC_FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration PERIODIC_MAX_BACKOFF = Duration.ofSeconds(30);

    /** One life of the loop: runs until {@code stop.requested()} and returns, or throws. */
    @FunctionalInterface
    public interface Body {
        void run(Stop stop) throws Exception;
    }

    /** Whether the loop was asked to stop; a body checks it between units of work. */
    @FunctionalInterface
    public interface Stop {
        boolean requested();

        /** Waits {@code interval}, or less once the stop is requested (looked at every 100 ms): a periodic body's pause. */
        default void pause(Duration interval) {
            long deadline = System.nanoTime() + interval.toNanos();
            while (!requested() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(100), deadline - System.nanoTime()));
            }
        }
    }

    private final String name;
    private final Body body;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Counter restarts;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private volatile boolean stopRequested;
    private volatile boolean up;

    /**
     * @param name         the loop's name: its thread, its log lines, its metric tag and its readiness check
     * @param firstBackoff the wait before the first restart
     * @param maxBackoff   the longest wait between restarts
     */
    public SupervisedLoop(String name, Body body, Duration firstBackoff, Duration maxBackoff, MeterRegistry meters) {
        this.name = Objects.requireNonNull(name, "name is required");
        this.body = Objects.requireNonNull(body, "body is required");
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must be positive and firstBackoff <= maxBackoff, got "
                    + firstBackoff + " and " + maxBackoff);
        }
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.restarts = Counter.builder("seckill.loop.restarts")
                .tag("loop", name)
                .description("restarts of a background loop after an unexpected failure")
                .register(meters);
        Gauge.builder("seckill.loop.up", this, loop -> loop.up() ? 1 : 0)
                .tag("loop", name)
                .description("1 while the background loop runs, 0 while it waits to restart or is stopped")
                .register(meters);
        this.thread = new Thread(this::supervise, name);
        thread.setDaemon(true);
    }

    /**
     * A loop that waits {@code interval}, runs {@code pass}, and again, until stopped; a pass that
     * throws restarts it after a back-off of 1 s doubling up to 30 s.
     */
    public static SupervisedLoop every(String name, Duration interval, Runnable pass, MeterRegistry meters) {
        Objects.requireNonNull(pass, "pass is required");
        return new SupervisedLoop(
                name,
                stop -> {
                    while (!stop.requested()) {
                        stop.pause(interval);
                        pass.run();
                    }
                },
                PERIODIC_FIRST_BACKOFF,
                PERIODIC_MAX_BACKOFF,
                meters);
    }

    /** Starts the loop; once only. */
    public synchronized void start() {
        if (thread.isAlive() || stopRequested) {
            throw new IllegalStateException("loop " + name + " was started already");
        }
        up = true;
        thread.start();
    }

    public String name() {
        return name;
    }

    /** Whether the body runs now: false before the start, while waiting to restart, and after the stop. */
    public boolean up() {
        return up && thread.isAlive();
    }

    /** How often the body failed and was started again. */
    public long restarts() {
        return (long) restarts.count();
    }

    /** Asks the body to stop and waits for it (a minute at most); no restart after this. */
    @Override
    public void close() {
        stopRequested = true;
        lock.lock();
        try {
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        up = false;
    }

    private void supervise() {
        Duration backoff = firstBackoff;
        // the first life runs even when the stop came before the thread did: a body may have work to finish
        boolean first = true;
        while (first || !stopRequested) {
            first = false;
            long started = System.nanoTime();
            try {
                up = true;
                body.run(() -> stopRequested);
                if (!stopRequested) {
                    throw new IllegalStateException("the loop returned without being asked to stop");
                }
            } catch (Throwable failure) {
                if (stopRequested) {
                    LOG.warn("loop {} failed while stopping: {}", name, failure.toString());
                    break;
                }
                up = false;
                restarts.increment();
                if (System.nanoTime() - started > HEALTHY_LIFE.toNanos()) {
                    backoff = firstBackoff;
                }
                LOG.error(
                        "loop {} failed; restarting it in {} ms (restart {})",
                        name,
                        backoff.toMillis(),
                        restarts(),
                        failure);
                if (failure instanceof InterruptedException) {
                    Thread.interrupted();
                }
                awaitBackoff(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        up = false;
    }

    private void awaitBackoff(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        lock.lock();
        try {
            long left;
            while (!stopRequested && (left = deadline - System.nanoTime()) > 0) {
                stopped.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        } finally {
            lock.unlock();
        }
    }
}
