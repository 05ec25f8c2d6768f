package dev.seckill.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts the consumer's log lines (docs/guarantees.md) in a server log, as {@code rg -c} would. */
final class ServerLogs {

    private ServerLogs() {
    }

    /** The sum of the numbers that {@code pattern}'s first group captures, over the log's lines. */
    static long sum(Path log, Pattern pattern) {
        long sum = 0;
        if (!Files.isReadable(log)) {
            return 0;
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // counts what could be read
        }
        return sum;
    }

    static Map<String, Long> count(Path log, List<String> patterns) {
        Map<String, Long> counts = new LinkedHashMap<>();
        patterns.forEach(p -> counts.put(p, 0L));
        if (!Files.isReadable(log)) {
            return counts;
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                for (String pattern : patterns) {
                    if (line.contains(pattern)) {
                        counts.merge(pattern, 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            // a log we cannot read counts nothing; the report names the file
        }
        return counts;
    }
}
