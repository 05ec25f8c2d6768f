package dev.seckill.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The faults of the {@code kill-app} and {@code kill-instance} drills: a server SIGKILLed mid-sale,
 * and how soon the orders' recording is taken up again, read from the run's consumer group.
 */
final class InstanceDrills {

    // kill-app: recording must resume this soon after the restarted instance is ready
    private static final Duration RESUME_BAR = Duration.ofSeconds(5);
    // kill-instance: the survivor must hold the partitions within the session timeout plus this
    private static final Duration TAKEOVER_MARGIN = Duration.ofSeconds(5);
    private static final Duration RECORDING_WAIT = Duration.ofMinutes(2);

    private final List<ServerProcess> servers;
    private final ServerCounters counters;
    private final RunResources resources;
    private final Consumer<String> event;

    /** @param event where the drill's timeline goes */
    InstanceDrills(
            List<ServerProcess> servers, ServerCounters counters, RunResources resources, Consumer<String> event) {
        this.servers = servers;
        this.counters = counters;
        this.resources = resources;
        this.event = event;
    }

    /** server-1 SIGKILLed and started again: it must be ready, and the partitions held again soon after. */
    List<Audit.Line> killAndRestart(AdminApi api, long soldBefore) {
        ServerProcess server = servers.get(0);
        try (GroupWatch group = new GroupWatch(resources)) {
            Set<String> killed = group.memberIds();
            long pid = server.pid();
            counters.read(server);
            server.kill();
            event.accept("server-1 (pid " + pid + ") killed with SIGKILL, " + soldBefore + " orders accepted so far");
            server.start();
            event.accept("server-1 started again (pid " + server.pid() + ")");
            api.awaitReady(ServerProcess.READY_WAIT, server::alive, "the restarted server");
            event.accept("server-1 ready again");
            Audit.Line restarted = new Audit.Line(
                    "drill",
                    "kill-app",
                    true,
                    "killed pid %d mid-sale after %d accepts; restarted as pid %d and ready"
                            .formatted(pid, soldBefore, server.pid()));
            // recording resumes once the partitions are held again, by members the kill did not end
            Optional<Duration> resumed =
                    group.awaitHeldBy(member -> !killed.contains(member.consumerId()), RECORDING_WAIT);
            resumed.ifPresent(took ->
                    event.accept("recording resumed %.1f s after the restart".formatted(took.toMillis() / 1e3)));
            return List.of(
                    restarted,
                    new Audit.Line(
                            "drill",
                            "kill-app: recording resumed",
                            resumed.filter(took -> took.compareTo(RESUME_BAR) <= 0)
                                    .isPresent(),
                            resumed.map(took ->
                                            "the order topics' partitions were held again %.1f s after it was ready (at most %d s)"
                                                    .formatted(took.toMillis() / 1e3, RESUME_BAR.toSeconds()))
                                    .orElse("the partitions were not held again within " + RECORDING_WAIT.toSeconds()
                                            + " s")));
        }
    }

    /** server-2 SIGKILLed for good: server-1 must hold its partitions within the session timeout (and a margin). */
    Audit.Line killOneForGood(long soldBefore, Duration sessionTimeout) {
        ServerProcess server = servers.get(1);
        String dead = BenchServers.instanceId(resources, 2);
        try (GroupWatch group = new GroupWatch(resources)) {
            // what is measured is a takeover: the dead instance must have held something
            if (!group.awaitHolding(dead, RECORDING_WAIT)) {
                throw new IllegalStateException("server-2 never held a partition as static member " + dead
                        + " of the run's consumer group (does its jar know kafka.instanceId?)");
            }
            long pid = server.pid();
            counters.read(server);
            server.kill();
            event.accept("server-2 (pid " + pid + ") killed with SIGKILL for good, " + soldBefore
                    + " orders accepted so far");
            Optional<Duration> takenOver = group.awaitHeldBy(
                    member -> !member.groupInstanceId().orElse("").equals(dead), RECORDING_WAIT);
            Duration bar = sessionTimeout.plus(TAKEOVER_MARGIN);
            takenOver.ifPresent(took -> event.accept(
                    "server-1 holds every partition %.1f s after the kill".formatted(took.toMillis() / 1e3)));
            return new Audit.Line(
                    "drill",
                    "kill-instance: the survivor took over",
                    takenOver.filter(took -> took.compareTo(bar) <= 0).isPresent(),
                    takenOver
                            .map(took ->
                                    "server-1 held the dead instance's partitions %.1f s after the kill (session timeout %d s + %d s at most)"
                                            .formatted(
                                                    took.toMillis() / 1e3,
                                                    sessionTimeout.toSeconds(),
                                                    TAKEOVER_MARGIN.toSeconds()))
                            .orElse("the partitions were not held by server-1 within " + RECORDING_WAIT.toSeconds()
                                    + " s"));
        }
    }
}
