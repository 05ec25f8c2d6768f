package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seckill.kafka.KafkaOrderConsumer;
import dev.seckill.kafka.KafkaOrderPublisher;
import dev.seckill.redis.RedisPersistenceCheck;
import dev.seckill.supervision.OrderExpirer;
import dev.seckill.supervision.RelaySweeper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard of {@code ops/} against what the real app exports on {@code /metrics}:
 * renaming a series breaks this test instead of silently silencing an alert.
 */
class OperationsMetricsIT {

    private static final Path OPS = Path.of("..", "ops");
    private static final Pattern SERIES = Pattern.compile("\\bseckill_[a-z0-9_]+");
    private static final Pattern REASONS = Pattern.compile("seckill_requests_total\\{reason=~\"([^\"]+)\"}");
    private static RunningApp app;
    private static String scrape;

    @BeforeAll
    static void start() {
        app = new RunningApp();
        HttpResponse<String> metrics = app.send("GET", "/metrics", null, Map.of());
        assertThat(metrics.statusCode()).isEqualTo(200);
        scrape = metrics.body();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everySeriesTheRulesUseIsExported() throws IOException {
        List<String> expressions = ruleExpressions();
        assertThat(expressions).as("rules.yml read").hasSizeGreaterThan(10);

        assertThat(notExported(expressions))
                .as("series rules.yml uses that /metrics lacks")
                .isEmpty();
    }

    @Test
    void everySeriesTheDashboardUsesIsExported() throws IOException {
        List<String> expressions = new ArrayList<>();
        new ObjectMapper()
                .readTree(OPS.resolve("grafana/dashboards/seckill.json").toFile())
                .findValues("expr")
                .forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).as("seckill.json read").hasSizeGreaterThan(5);

        assertThat(notExported(expressions))
                .as("series seckill.json uses that /metrics lacks")
                .isEmpty();
    }

    @Test
    void theReasonsThe5xxRuleCountsAreExported() throws IOException {
        Matcher reasons = REASONS.matcher(String.join("\n", ruleExpressions()));
        assertThat(reasons.find()).as("the 5xx rule names its reasons").isTrue();
        for (String reason : reasons.group(1).split("\\|", -1)) {
            assertThat(scrape).contains("reason=\"" + reason + "\"");
        }
    }

    @Test
    void everyBackgroundLoopAndTheNewGaugesHaveASeries() {
        for (String loop : List.of(
                KafkaOrderConsumer.LOOP,
                KafkaOrderPublisher.LOOP,
                RelaySweeper.LOOP,
                OrderExpirer.LOOP,
                RedisPersistenceCheck.LOOP)) {
            assertThat(scrape).contains("seckill_loop_up{loop=\"" + loop + "\"} 1");
        }
        assertThat(scrape).contains("seckill_redis_persistence_enabled 1");
        assertThat(scrape).containsPattern("(?m)^seckill_oldest_pending_order_age_seconds \\d");
    }

    private static List<String> ruleExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(OPS.resolve("prometheus/rules.yml").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The {@code seckill_} series the expressions name that the scrape does not hold. */
    private static Set<String> notExported(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            SERIES.matcher(expression).results().forEach(found -> names.add(found.group()));
        }
        assertThat(names).as("the expressions name seckill_ series").isNotEmpty();
        names.removeAll(exported());
        return names;
    }

    /** The sample names of the scrape (a histogram's {@code _bucket}, {@code _count} and {@code _sum} each). */
    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
