package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The services' processes are found by the loopback port they listen on. */
class ServiceProcessesTest {

    @Test
    void findsTheProcessListeningOnEachAddressAndNamesTheOnesWithout() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int unused = closedSoon.getLocalPort();
            closedSoon.close();
            String redis = "redis://127.0.0.1:" + listening.getLocalPort() + "/0";
            RunResources run = new RunResources(
                    "run",
                    redis,
                    false,
                    "run:",
                    "jdbc:mariadb://127.0.0.1:" + unused + "/run",
                    "run",
                    "user",
                    "password",
                    "broker.example:9092",
                    "orders",
                    "retry",
                    "dlq",
                    "group",
                    true);

            ServiceProcesses found = ServiceProcesses.of(run);

            assertThat(found.pids())
                    .containsExactly(java.util.Map.entry(
                            "127.0.0.1:" + listening.getLocalPort(),
                            ProcessHandle.current().pid()));
            assertThat(found.missing()).containsExactly("127.0.0.1:" + unused);
            assertThat(found.ticks()).isPositive();
        }
    }
}
