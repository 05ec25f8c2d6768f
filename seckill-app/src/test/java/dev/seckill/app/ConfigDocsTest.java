package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key with its default and variable, and nothing else. */
class ConfigDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-zA-Z.]+)` \\| (empty|`[^`]*`) \\| `([A-Z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyKeyHasARowWithItsDefaultAndItsVariable() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        leaves(new ConfigLoader().tree(null, Map.of()), "", defaults);
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(DOCS));
        while (row.find()) {
            String shown = row.group(2).equals("empty")
                    ? ""
                    : row.group(2).substring(1, row.group(2).length() - 1);
            rows.put(row.group(1), new String[] {shown, row.group(3)});
        }

        assertThat(rows.keySet()).as("the keys of %s", DOCS).containsExactlyInAnyOrderElementsOf(defaults.keySet());
        defaults.forEach((key, value) -> {
            assertThat(rows.get(key)[0])
                    .as("the default of %s in %s", key, DOCS)
                    .isEqualTo(value);
            assertThat(rows.get(key)[1])
                    .as("the variable of %s in %s", key, DOCS)
                    .isEqualTo(ConfigLoader.envName(key));
        });
    }

    private static void leaves(JsonNode node, String path, Map<String, String> into) {
        if (node.isObject()) {
            node.properties()
                    .forEach(field -> leaves(
                            field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), into));
        } else {
            List<String> items = new ArrayList<>();
            node.elements().forEachRemaining(item -> items.add(item.asText()));
            into.put(path, node.isArray() ? String.join(", ", items) : node.asText());
        }
    }
}
