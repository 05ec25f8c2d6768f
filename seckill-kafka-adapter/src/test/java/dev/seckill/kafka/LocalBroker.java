package dev.seckill.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the real local broker with the repository's {@code ./seckill services stop|start kafka},
 * for the outage tests. Refuses when the broker was not started by that script (it would not stop it).
 */
final class LocalBroker {

    private LocalBroker() {}

    static void stop() {
        String output = run("stop");
        if (output.contains("nothing of ours to stop")) {
            throw new IllegalStateException("the broker on 127.0.0.1:9092 was not started by ./seckill, so this test"
                    + " cannot stop it; run `./seckill services up` from a state without another broker:\n" + output);
        }
    }

    static void start() {
        run("start");
    }

    private static String run(String action) {
        Path root = repositoryRoot();
        try {
            Process process = new ProcessBuilder(root.resolve("seckill").toString(), "services", action, "kafka")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./seckill services " + action + " kafka took more than 180 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./seckill services " + action + " kafka failed with exit code "
                        + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./seckill services " + action + " kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ./seckill services " + action + " kafka", e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("seckill")) && Files.isExecutable(dir.resolve("seckill"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no `seckill` script in " + Path.of("").toAbsolutePath() + " or above");
    }
}
