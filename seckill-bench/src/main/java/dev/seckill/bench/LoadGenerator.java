package dev.seckill.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The built-in HTTP/1.1 load generator: keep-alive connections driven by a few NIO event loops
 * (like wrk), pre-encoded requests, a minimal response parser. Two models:
 * <ul>
 *   <li>open loop (burst): request {@code i} is due at {@code start + i·spread/count}; its latency is
 *   measured from that moment, so waiting for a free connection counts (no coordinated omission);</li>
 *   <li>closed loop: each connection sends its next request as soon as the previous one is answered,
 *   for a duration; latency from sending.</li>
 * </ul>
 * Every run is bounded in requests and by a hard deadline, and talks to loopback addresses only.
 */
final class LoadGenerator {

    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final String NOT_SENT = "not sent before the deadline";

    /** What to send: the request bytes of each slot (one per user, or one for a bare endpoint), and the slot of the i-th request. */
    interface Workload {
        int slotOf(long index);

        byte[] request(int slot);
    }

    /**
     * One run.
     *
     * @param spread         open loop: the window the requests are spread over; null for a closed loop
     * @param duration       closed loop: how long to keep asking
     * @param maxRequests    the most requests this run sends (the whole burst for an open loop)
     * @param ordersAnswered a 200 carries an order id (the seckill endpoint)
     * @param acceptedSoFar  counts the orders accepted while the run goes on (for drills that strike mid-sale)
     */
    record Plan(
            String label,
            List<InetSocketAddress> targets,
            Workload workload,
            boolean ordersAnswered,
            int connections,
            int threads,
            long maxRequests,
            Duration spread,
            Duration duration,
            Duration requestTimeout,
            LongAdder acceptedSoFar) {

        Plan(
                String label,
                List<InetSocketAddress> targets,
                Workload workload,
                boolean ordersAnswered,
                int connections,
                int threads,
                long maxRequests,
                Duration spread,
                Duration duration,
                Duration requestTimeout) {
            this(
                    label,
                    targets,
                    workload,
                    ordersAnswered,
                    connections,
                    threads,
                    maxRequests,
                    spread,
                    duration,
                    requestTimeout,
                    new LongAdder());
        }

        Plan {
            Objects.requireNonNull(targets, "targets");
            if (targets.isEmpty()
                    || targets.stream().anyMatch(t -> !t.getAddress().isLoopbackAddress())) {
                throw new IllegalArgumentException(
                        "the load generator only talks to loopback addresses, got " + targets);
            }
            if (spread == null && duration == null) {
                throw new IllegalArgumentException("a plan needs a spread (open loop) or a duration (closed loop)");
            }
        }

        boolean openLoop() {
            return spread != null;
        }

        /** After this, whatever is still unanswered is cut off. */
        Duration hardLimit() {
            return (openLoop() ? spread : duration).plus(requestTimeout).plusSeconds(1);
        }
    }

    private LoadGenerator() {}

    /** Runs the plan on {@code plan.threads()} event loops and returns what they saw. */
    static LoadResult run(Plan plan) {
        int threads = Math.min(plan.threads(), plan.connections());
        List<LoadLoop> loops = new ArrayList<>();
        LoadSchedule schedule = new LoadSchedule(plan);
        for (int t = 0; t < threads; t++) {
            int connections = plan.connections() / threads + (t < plan.connections() % threads ? 1 : 0);
            loops.add(new LoadLoop(plan, schedule, t, threads, connections));
        }
        CountDownLatch connected = new CountDownLatch(loops.size());
        List<Thread> running = new ArrayList<>();
        for (LoadLoop loop : loops) {
            Thread thread = new Thread(
                    () -> {
                        loop.connectAll();
                        connected.countDown();
                        try {
                            connected.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        loop.run();
                    },
                    "load-" + plan.label() + "-" + loop.index);
            thread.setDaemon(true);
            running.add(thread);
        }
        running.forEach(Thread::start);
        try {
            connected.await();
            schedule.start(System.nanoTime() + START_DELAY_NANOS);
            for (Thread thread : running) {
                thread.join(plan.hardLimit().plusSeconds(10).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.forEach(LoadLoop::stop);
        }
        List<LoadRecorder> recorders =
                loops.stream().map(l -> l.recorder).filter(Objects::nonNull).toList();
        if (plan.openLoop() && !recorders.isEmpty()) {
            // requests that came due but found no free connection before the deadline are failures too
            recorders.get(0).failed(NOT_SENT, schedule.unclaimed(), schedule.hardDeadline());
        }
        return LoadRecorder.merge(plan.label(), schedule.origin(), recorders);
    }
}
