package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOptionTest {

    @Test
    void withoutAFileHereTheRepositorysConfigIsFoundThroughSeckillHome(@TempDir Path home) throws IOException {
        assertThat(ConfigOption.DEFAULT)
                .as("the tests run in the module's folder, which has no configs/")
                .doesNotExist();
        Files.createDirectories(home.resolve("configs"));
        Files.writeString(home.resolve("configs/app.yaml"), "server:\n  port: 9999\n");

        assertThat(ConfigOption.defaultFile(home.toString())).isEqualTo(home.resolve("configs/app.yaml"));
        assertThat(ConfigOption.defaultFile(home.resolve("elsewhere").toString()))
                .isNull();
        assertThat(ConfigOption.defaultFile(null)).isNull();
    }
}
