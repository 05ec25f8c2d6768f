package dev.seckill.app.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The fat jar the bench starts servers from. */
final class ServerJar {

    private ServerJar() {
    }

    /** The given jar; else the jar this code runs from; else {@code seckill-app/target/seckill-app.jar} of the repository. */
    static Path locate(Optional<Path> given) {
        Path jar = given.or(ServerJar::running)
                .or(() -> LocalServices.root(Path.of("")).map(root -> root.resolve("seckill-app/target/seckill-app.jar")))
                .orElse(Path.of("seckill-app/target/seckill-app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the server jar " + jar.toAbsolutePath()
                    + " does not exist: build it (mvn -pl seckill-app package -DskipTests) or pass --jar");
        }
        return jar.toAbsolutePath();
    }

    private static Optional<Path> running() {
        try {
            Path source = Path.of(ServerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return source.toString().endsWith(".jar") ? Optional.of(source) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
