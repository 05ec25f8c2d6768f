package dev.seckill.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The 5xx alert counts requests by their reason label: it must name every error answered 5xx, and only those. */
class ServerErrorReasonsTest {

    private static final Path RULES = Path.of("..", "ops", "prometheus", "rules.yml");

    @Test
    void theRulesCountExactlyTheErrorsAnswered5xx() throws IOException {
        Matcher reasons = Pattern.compile("seckill_requests_total\\{reason=~\"([^\"]+)\"}")
                .matcher(Files.readString(RULES));
        assertThat(reasons.find()).as("the 5xx rule in %s", RULES).isTrue();

        Set<String> answered5xx = Arrays.stream(ApiError.values())
                .filter(error -> error.status >= 500)
                .map(error -> error.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(Set.of(reasons.group(1).split("\\|"))).isEqualTo(answered5xx);
    }
}
