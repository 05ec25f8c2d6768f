package dev.seckill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The server's fat jar, which the bench starts servers from (the bench is not in it). */
final class ServerJar {

    private static final Path IN_REPOSITORY = Path.of("seckill-app", "target", "seckill-app.jar");

    private ServerJar() {}

    /** The given jar; else {@code seckill-app/target/seckill-app.jar} of the repository around the current directory. */
    static Path locate(Optional<Path> given) {
        Path jar = given.or(() -> LocalServices.root(Path.of("")).map(root -> root.resolve(IN_REPOSITORY)))
                .orElse(IN_REPOSITORY);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the server jar " + jar.toAbsolutePath()
                    + " does not exist: build it (mvn -pl seckill-app -am package -DskipTests) or pass --jar");
        }
        return jar.toAbsolutePath();
    }
}
