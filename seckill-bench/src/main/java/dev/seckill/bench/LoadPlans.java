package dev.seckill.bench;

import dev.seckill.bench.BenchSettings.Model;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The load generator's plans for one run's servers: closed loops and the open model's burst, from the settings. */
final class LoadPlans {

    /** {@code GET /health/live}: the bare endpoint the seckill paths are compared with. */
    static final LoadGenerator.Workload BARE = new SlotWorkload(new byte[][] {Requests.get("/health/live")}, i -> 0);

    private final BenchSettings settings;
    private final List<InetSocketAddress> targets;

    LoadPlans(BenchSettings settings, List<InetSocketAddress> targets) {
        this.settings = settings;
        this.targets = List.copyOf(targets);
    }

    /** The measured load of the run's model: the closed loop for --duration, or the burst. */
    LoadGenerator.Plan plan(String label, LoadGenerator.Workload workload, boolean orders, Model model) {
        if (model == Model.CLOSED) {
            return closed(label, workload, orders, settings.duration());
        }
        return new LoadGenerator.Plan(
                label,
                targets,
                workload,
                orders,
                settings.connections(),
                settings.loadThreads(),
                settings.burstRequests(),
                settings.rampWindow(),
                null,
                settings.requestTimeout());
    }

    LoadGenerator.Plan closed(String label, LoadGenerator.Workload workload, boolean orders, Duration duration) {
        // bounded in count too: far more than any loopback server answers in the duration
        return closed(label, workload, orders, duration, Math.max(1_000L, duration.toMillis() * 200L));
    }

    LoadGenerator.Plan closed(
            String label, LoadGenerator.Workload workload, boolean orders, Duration duration, long maxRequests) {
        return new LoadGenerator.Plan(
                label,
                targets,
                workload,
                orders,
                settings.connections(),
                settings.loadThreads(),
                maxRequests,
                null,
                duration,
                settings.requestTimeout());
    }
}
