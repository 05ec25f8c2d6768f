package dev.seckill.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config PATH} for every command that talks to the services (the bench's too). */
public final class ConfigOption {

    static final Path DEFAULT = Path.of("configs", "app.yaml");

    @Option(
            names = "--config",
            paramLabel = "PATH",
            description =
                    "configuration file (default: configs/app.yaml here, else in $SECKILL_HOME, else none: the defaults)")
    Path file;

    /** The configuration: the defaults, the file (or the default one), then the {@code SECKILL_*} environment over it. */
    public SeckillConfig load() {
        return new ConfigLoader().load(effectiveFile(), System.getenv());
    }

    /** The same configuration as YAML, secrets masked. */
    String print() {
        return new ConfigLoader().print(effectiveFile(), System.getenv());
    }

    private Path effectiveFile() {
        return file != null ? file : defaultFile(System.getenv("SECKILL_HOME"));
    }

    /** The file given with {@code --config}, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** configs/app.yaml of the current directory, else of {@code home} (the repository, set by ./seckill), else none. */
    static Path defaultFile(String home) {
        if (Files.isReadable(DEFAULT)) {
            return DEFAULT;
        }
        if (home != null && !home.isBlank() && Files.isReadable(Path.of(home).resolve(DEFAULT))) {
            return Path.of(home).resolve(DEFAULT);
        }
        return null;
    }

    /** {@code FORCE_SECKILL_CONSUME_FAIL_COUNT}: the order write fails while a message's retry count is below it. */
    static int forcedFailures() {
        String value = System.getenv("FORCE_SECKILL_CONSUME_FAIL_COUNT");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count < 0) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new ConfigLoader.ConfigException("FORCE_SECKILL_CONSUME_FAIL_COUNT must be a whole number ≥ 0, got '"
                    + value + "' (unset it for normal operation)");
        }
    }
}
