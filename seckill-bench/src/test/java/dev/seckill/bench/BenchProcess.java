package dev.seckill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.testsupport.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/seckill-bench.jar ...} as {@code ./seckill bench} runs it, on the services of
 * {@link TestServices}; the fat jars (the bench's and the server's) exist because Maven's package
 * phase runs before Failsafe.
 */
final class BenchProcess {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path JAR = MODULE.resolve("target/seckill-bench.jar");
    static final Path OUT = MODULE.resolve("target/bench-it");

    /** What the run left: its exit code, its console output, and the JSON report when it wrote one. */
    record Result(int exitCode, String output, JsonNode json) {

        /** The console's last lines, for assertion messages. */
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private BenchProcess() {}

    static Result run(String name, Duration limit, String... args) throws IOException, InterruptedException {
        return run(name, limit, Map.of(), args);
    }

    /** With {@code env} on top of the test services' addresses (e.g. {@code SECKILL_ORDER_ACKNOWLEDGE}). */
    static Result run(String name, Duration limit, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: the package phase builds it before the integration tests");
        }
        Files.createDirectories(OUT);
        Path console = OUT.resolve(name + ".out");
        Path json = OUT.resolve(name + ".json");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--out-dir",
                OUT.toString(),
                "--json",
                json.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
        TestServices.Database db = TestServices.database();
        builder.environment().put("SECKILL_REDIS_URI", TestServices.redisUri());
        builder.environment().put("SECKILL_REDIS_CLUSTER", "false");
        builder.environment().put("SECKILL_MYSQL_URL", db.jdbcUrl("seckill"));
        builder.environment().put("SECKILL_MYSQL_USER", db.user());
        builder.environment().put("SECKILL_MYSQL_PASSWORD", db.password());
        builder.environment().put("SECKILL_KAFKA_BOOTSTRAP_SERVERS", TestServices.kafkaBootstrapServers());
        builder.environment().remove("FORCE_SECKILL_CONSUME_FAIL_COUNT");
        builder.environment().remove("SECKILL_ORDER_ACKNOWLEDGE");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("bench " + String.join(" ", args) + " did not finish within " + limit.toSeconds()
                    + " s:\n" + Files.readString(console));
        }
        JsonNode report = Files.isRegularFile(json) ? new ObjectMapper().readTree(json.toFile()) : null;
        return new Result(process.exitValue(), Files.readString(console), report);
    }
}
