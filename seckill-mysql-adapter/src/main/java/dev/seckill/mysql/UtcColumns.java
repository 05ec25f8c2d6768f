package dev.seckill.mysql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Domain times in DATETIME(3) columns: UTC wall-clock values, so neither the server's nor the JVM's
 * zone matters. They are bound as text because Connector/J drops the fraction of a temporal
 * parameter when MariaDB 10.x announces itself as "5.5.5-10.x" (a server without fractional seconds).
 */
final class UtcColumns {

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private UtcColumns() {}

    static String toColumn(Instant instant) {
        return DATETIME.format(instant);
    }

    static Instant fromColumn(LocalDateTime value) {
        return value.toInstant(ZoneOffset.UTC);
    }

    /** The instant as a DATETIME(3) column gives it back. */
    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
