package dev.seckill.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the configuration: {@link SeckillConfig#DEFAULTS}, then the given file, then
 * {@code SECKILL_<PATH>} environment variables, and Jackson binds the result into the settings
 * records. Unknown keys and bad values stop here with a {@link ConfigException} naming the key
 * and what it accepts.
 */
final class ConfigLoader {

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .registerModule(ConfigDurations.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Thrown when the configuration cannot be used; the message names the key and the fix. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    SeckillConfig load(Path file, Map<String, String> env) {
        return bind(tree(file, env));
    }

    /** The configuration as YAML, with its secrets masked: what {@code run --print-config} shows. */
    String print(Path file, Map<String, String> env) {
        ObjectNode tree = tree(file, env);
        bind(tree);
        JsonNode defaults = yaml.valueToTree(SeckillConfig.DEFAULTS);
        for (String[] secret : new String[][] {
            {"admin", "token"},
            {"mysql", "password"},
            {"smtp", "password"},
            {"kafka", "signing", "key"},
            {"kafka", "signing", "retiredKeys"}
        }) {
            ObjectNode section = tree;
            JsonNode fallback = defaults;
            for (int i = 0; i < secret.length - 1; i++) {
                section = (ObjectNode) section.get(secret[i]);
                fallback = fallback.path(secret[i]);
            }
            String name = secret[secret.length - 1];
            JsonNode value = section.path(name);
            boolean given = value.isArray() ? !value.isEmpty() : !value.asText().isEmpty();
            // a default is public (the local services', the development signing key): printing it gives nothing away
            boolean isDefault = value.isArray()
                    ? value.equals(fallback.path(name))
                    : value.asText().equals(fallback.path(name).asText());
            if (given && !isDefault) {
                section.put(name, "***");
            }
        }
        try {
            return yaml.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration as a tree, before binding. */
    ObjectNode tree(Path file, Map<String, String> env) {
        ObjectNode tree = yaml.valueToTree(SeckillConfig.DEFAULTS);
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("config file " + file + " does not exist or cannot be read (check --config)");
            }
            try {
                JsonNode given = yaml.readTree(file.toFile());
                if (given != null && !given.isMissingNode() && !given.isNull()) {
                    if (!given.isObject()) {
                        throw new ConfigException(
                                "config file " + file + " must be a YAML mapping of sections (server:, redis:, ...)");
                    }
                    LegacyKeys.rename((ObjectNode) given);
                    merge(tree, (ObjectNode) given, "");
                }
            } catch (IOException e) {
                throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
            }
        }
        applyEnvironment(tree, "", LegacyKeys.rename(env));
        return tree;
    }

    private static void merge(ObjectNode into, ObjectNode from, String prefix) {
        for (Map.Entry<String, JsonNode> field : from.properties()) {
            String key = prefix + field.getKey();
            JsonNode known = into.get(field.getKey());
            if (known == null) {
                throw new ConfigException("unknown config key '" + key + "'; known keys here: " + keysOf(into, prefix));
            }
            if (known.isObject()) {
                if (!field.getValue().isObject()) {
                    throw new ConfigException("config key '" + key + "' is a section: give it keys ("
                            + keysOf((ObjectNode) known, key + ".") + ")");
                }
                merge((ObjectNode) known, (ObjectNode) field.getValue(), key + ".");
            } else if (known.isArray()) {
                into.set(field.getKey(), list(field.getValue()));
            } else {
                if (field.getValue().isContainerNode()) {
                    throw new ConfigException("config key '" + key + "' takes a single value, not a section or list");
                }
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, String prefix, Map<String, String> env) {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String path = prefix + name;
            JsonNode value = tree.get(name);
            if (value.isObject()) {
                applyEnvironment((ObjectNode) value, path + ".", env);
            } else {
                String override = env.get(envName(path));
                if (override != null) {
                    tree.set(name, value.isArray() ? list(TextNode.valueOf(override)) : TextNode.valueOf(override));
                }
            }
        }
    }

    /** {@code kafka.bootstrapServers} → {@code SECKILL_KAFKA_BOOTSTRAP_SERVERS}. */
    static String envName(String path) {
        return "SECKILL_"
                + path.replace('.', '_')
                        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toUpperCase(Locale.ROOT);
    }

    /** A list key given as one text is its comma-separated items. */
    private static JsonNode list(JsonNode given) {
        if (!given.isTextual()) {
            return given;
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        Arrays.stream(given.asText().split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .forEach(items::add);
        return items;
    }

    private SeckillConfig bind(ObjectNode tree) {
        try {
            return yaml.treeToValue(tree, SeckillConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String section = path(e);
            throw new ConfigException("bad configuration" + (section.isEmpty() ? "" : " in '" + section + "'") + ": "
                    + cause.getMessage());
        } catch (InvalidFormatException e) {
            String accepted = e.getTargetType() == Duration.class
                    ? "duration such as " + ConfigDurations.EXAMPLES
                    : e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT);
            throw new ConfigException("config key '" + path(e) + "' (env " + envName(path(e)) + "): '" + e.getValue()
                    + "' is not a valid " + accepted);
        } catch (MismatchedInputException e) {
            throw new ConfigException("config key '" + path(e) + "' has the wrong type: expected "
                    + (e.getTargetType() == null
                            ? "another type"
                            : e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT)));
        } catch (JsonMappingException e) {
            throw new ConfigException("bad configuration at '" + path(e) + "': " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .collect(Collectors.joining("."));
    }

    private static String keysOf(ObjectNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> keys.add(prefix + name));
        return String.join(", ", keys);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
