package dev.seckill.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server the bench starts: {@code java -Xmx<heap> -jar seckill-app.jar run} with environment
 * overrides, stdout and stderr appended to a log file. It can be killed ({@code kill -9}) and
 * started again on the same port and settings. {@code SECKILL_SERVER_JAVA} (a {@code java} binary)
 * and {@code SECKILL_SERVER_JAVA_OPTS} (JVM options, e.g. a flight recording) change how it runs.
 */
final class ServerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** How long a started server may take to answer ready (a cold JVM, migrations, topics). */
    static final Duration READY_WAIT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final String heap;
    private final Optional<Path> config;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    private Process process;

    ServerProcess(String name, Path jar, String heap, Optional<Path> config, Map<String, String> env, Path log) {
        this.name = name;
        this.jar = jar;
        this.heap = heap;
        this.config = config;
        this.port = freePort();
        this.env = new HashMap<>(env);
        this.env.put("SECKILL_SERVER_HOST", "127.0.0.1");
        this.env.put("SECKILL_SERVER_PORT", Integer.toString(port));
        this.log = log;
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    Path log() {
        return log;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process; returns at once (see {@link AdminApi#awaitReady}). */
    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap, "-Xms" + heap));
        String options =
                System.getenv().getOrDefault("SECKILL_SERVER_JAVA_OPTS", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "run"));
        config.ifPresent(file -> command.addAll(List.of("--config", file.toString())));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server (" + String.join(" ", command) + ")", e);
        }
        LOG.info("started {} (pid {}) on {}, log {}: {}", name, process.pid(), url(), log, String.join(" ", command));
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
            LOG.info("killed {} (pid {}) with SIGKILL", name, process.pid());
        }
    }

    /** SIGTERM, wait for the graceful shutdown, then SIGKILL. */
    synchronized void stop() {
        if (alive()) {
            process.destroy();
            if (!waitFor(STOP_WAIT)) {
                LOG.warn("{} did not stop within {} s of SIGTERM: killing it", name, STOP_WAIT.toSeconds());
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean waitFor(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaBinary() {
        String java = System.getenv("SECKILL_SERVER_JAVA");
        return java != null && !java.isBlank()
                ? java
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }
}
