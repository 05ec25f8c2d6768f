package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The servers a run measures: started from the app's jar on the run's names (or the one given with --url), and stopped. */
final class BenchServers {

    private static final Duration DRILL_STALE_AFTER = Duration.ofSeconds(2);
    // the Redis drills' servers give a publish up sooner, so that a lost sale's restore waits less
    static final Duration DRILL_DELIVERY_TIMEOUT = Duration.ofSeconds(11);

    private final BenchSettings settings;
    private final SeckillConfig config;
    private final Optional<Path> configFile;
    private final RunResources resources;
    private final String adminToken;
    private final Path runDir;
    private final List<ServerProcess> servers = new CopyOnWriteArrayList<>();

    BenchServers(
            BenchSettings settings,
            SeckillConfig config,
            Optional<Path> configFile,
            RunResources resources,
            String adminToken,
            Path runDir) {
        this.settings = settings;
        this.config = config;
        this.configFile = configFile;
        this.resources = resources;
        this.adminToken = adminToken;
        this.runDir = runDir;
    }

    /** The servers started so far, live: a drill restarts one in place. */
    List<ServerProcess> list() {
        return servers;
    }

    void stopAll() {
        servers.forEach(ServerProcess::stop);
    }

    /** Starts the servers (or checks the one given with --url) and waits until they are ready; their addresses. */
    List<InetSocketAddress> start() {
        if (settings.url().isPresent()) {
            URI url = settings.url().get();
            AdminApi api = new AdminApi(url, adminToken);
            api.awaitReady(Duration.ofSeconds(30), () -> true, "the server at " + url);
            try {
                return List.of(new InetSocketAddress(
                        InetAddress.getByName(url.getHost()), url.getPort() < 0 ? 80 : url.getPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path jar = ServerJar.locate(settings.jar());
        Map<String, String> env = resources.serverEnv(adminToken, null);
        env.put(
                "FORCE_SECKILL_CONSUME_FAIL_COUNT",
                settings.drill()
                        .map(d -> switch (d) {
                            case RETRY -> "2";
                            case DLQ -> "5";
                            default -> "0";
                        })
                        .orElse("0"));
        if (settings.drill().isPresent()) {
            // so that a killed server's pending orders are swept soon after the restart
            env.put("SECKILL_RELAY_STALE_AFTER", DRILL_STALE_AFTER.toMillis() + "ms");
            env.put("SECKILL_KAFKA_DELIVERY_TIMEOUT", DRILL_DELIVERY_TIMEOUT.toMillis() + "ms");
        }
        env.put("SECKILL_ORDER_ACKNOWLEDGE", config.order().acknowledge());
        if (settings.drill().filter(d -> d == Drill.EXPIRE).isPresent()) {
            env.put(
                    "SECKILL_ORDER_PAYMENT_TIMEOUT",
                    ExpiryDrill.paymentTimeout(settings.rampWindow()).toMillis() + "ms");
        }
        int count = settings.drill().map(Drill::servers).orElse(1);
        for (int i = 1; i <= count; i++) {
            Map<String, String> own = new HashMap<>(env);
            // each server's static member name in the consumer group, the same when a drill restarts it
            own.put("SECKILL_KAFKA_INSTANCE_ID", instanceId(resources, i));
            ServerProcess server = new ServerProcess(
                    "server-" + i, jar, settings.serverHeap(), configFile, own, runDir.resolve("server-" + i + ".log"));
            servers.add(server);
            server.start();
        }
        for (ServerProcess server : servers) {
            new AdminApi(server.url(), adminToken)
                    .awaitReady(ServerProcess.READY_WAIT, server::alive, server.name() + " (log " + server.log() + ")");
        }
        return servers.stream().map(ServerProcess::address).toList();
    }

    /** The static member name in the run's consumer group of server {@code n} ({@code server-n}). */
    static String instanceId(RunResources resources, int n) {
        return resources.name() + "-server-" + n;
    }
}
