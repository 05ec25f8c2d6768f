package dev.seckill.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in the configuration as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} (or ISO-8601). */
final class ConfigDurations {

    static final String EXAMPLES = "500ms, 30s, 5m, 2h or 7d";
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private ConfigDurations() {}

    /** Jackson reads and writes every {@link Duration} of the configuration this way. */
    static SimpleModule module() {
        return new SimpleModule("config-durations")
                .addSerializer(Duration.class, new StdScalarSerializer<>(Duration.class) {
                    @Override
                    public void serialize(Duration value, JsonGenerator out, SerializerProvider provider)
                            throws IOException {
                        out.writeString(format(value));
                    }
                })
                .addDeserializer(Duration.class, new StdScalarDeserializer<>(Duration.class) {
                    @Override
                    public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
                        String text = in.getValueAsString();
                        try {
                            return parse(text);
                        } catch (IllegalArgumentException e) {
                            return (Duration) context.handleWeirdStringValue(
                                    Duration.class, String.valueOf(text), "not a duration such as " + EXAMPLES);
                        }
                    }
                });
    }

    static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = TEXT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as " + EXAMPLES, e);
        }
    }

    /** The largest whole unit: {@code 7d}, {@code 2h}, {@code 30s}, {@code 500ms}. */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0s";
        } else if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        } else if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
