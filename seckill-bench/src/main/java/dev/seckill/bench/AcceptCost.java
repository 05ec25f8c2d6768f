package dev.seckill.bench;

import java.util.Map;
import java.util.Optional;

/**
 * What the accept path's orders cost: CPU and memory used while the closed model's accept load ran, to be divided by
 * the orders accepted.
 *
 * @param server         the server's CPU time, its JIT compilers apart
 * @param servicesTicks  CPU time of the services' processes together (Redis, database, brokers), in clock ticks
 * @param services       the processes counted in {@code servicesTicks}, by the address each listens on
 * @param allocatedBytes what the server allocated (null: its metrics did not say)
 */
record AcceptCost(ProcessCpu server, long servicesTicks, Map<String, Long> services, Long allocatedBytes) {

    // USER_HZ, as in ProcessCpu
    private static final double MICROS_PER_TICK = 10_000;

    /** Starts counting the cost of what the server at {@code api}, process {@code serverPid}, does from now on. */
    static Meter start(long serverPid, AdminApi api, ServiceProcesses services) {
        return new Meter(
                serverPid,
                api,
                services,
                ProcessCpu.of(serverPid),
                services.ticks(),
                api.allocatedBytes().orElse(null));
    }

    /** The readings at the start; {@link #stop()} takes the differences. */
    record Meter(
            long serverPid,
            AdminApi api,
            ServiceProcesses services,
            Optional<ProcessCpu> serverBefore,
            long servicesBefore,
            Long allocatedBefore) {

        /** The cost since the start, or empty when the server's CPU could not be read. */
        Optional<AcceptCost> stop() {
            long servicesTicks = services.ticks() - servicesBefore;
            Long allocated = api.allocatedBytes()
                    .filter(after -> allocatedBefore != null)
                    .map(after -> after - allocatedBefore)
                    .orElse(null);
            return ProcessCpu.of(serverPid)
                    .flatMap(after -> serverBefore.map(after::minus))
                    .map(server -> new AcceptCost(server, servicesTicks, services.pids(), allocated));
        }
    }

    /** The server's and the services' CPU per order together, in µs. */
    double allProcessesMicrosPer(long orders) {
        return orders == 0
                ? Double.NaN
                : (server.workTicks() + server.jitTicks() + servicesTicks) * MICROS_PER_TICK / orders;
    }

    /** The server's allocation per order, in bytes (NaN when not measured). */
    double allocatedBytesPer(long orders) {
        return orders == 0 || allocatedBytes == null ? Double.NaN : (double) allocatedBytes / orders;
    }
}
