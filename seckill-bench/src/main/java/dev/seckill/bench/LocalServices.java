package dev.seckill.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local services of {@code ./seckill services}, stopped and started again by the outage drills. */
final class LocalServices {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);
    private static final Duration COMMAND_WAIT = Duration.ofMinutes(4);

    private final Path script;
    private final Path log;

    private LocalServices(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** The {@code seckill} script found by walking up from {@code start}; its output goes to {@code log}. */
    static LocalServices find(Path start, Path log) {
        return root(start)
                .map(root -> new LocalServices(root.resolve("seckill"), log))
                .orElseThrow(() -> new IllegalStateException("cannot find the ./seckill script above "
                        + start.toAbsolutePath() + ": run the drill from the repository"));
    }

    /** The repository root: the nearest directory above {@code start} that holds the {@code seckill} script and {@code seckill-app}. */
    static Optional<Path> root(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("seckill")) && Files.isDirectory(dir.resolve("seckill-app"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** {@code ./seckill services stop NAME}: returns once it is down. */
    void stop(String service) {
        run("stop", service);
    }

    /** {@code ./seckill services kill NAME}: SIGKILL, as a crash would; returns once it is gone. */
    void kill(String service) {
        run("kill", service);
    }

    /** {@code ./seckill services freeze redis@PORT}: SIGSTOP, the node answers nobody and falls behind. */
    void freeze(String node) {
        run("freeze", node);
    }

    /** {@code ./seckill services thaw redis@PORT}: SIGCONT. */
    void thaw(String node) {
        run("thaw", node);
    }

    /** {@code ./seckill services start NAME}: returns once it answers. */
    void start(String service) {
        run("start", service);
    }

    private void run(String verb, String service) {
        List<String> command = List.of(script.toString(), "services", verb, service);
        LOG.info("{}", String.join(" ", command));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .directory(script.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + COMMAND_WAIT.toMinutes() + " min (see " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
