package dev.seckill.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.service.IdentifyUserService;
import dev.seckill.domain.testing.DomainFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** No admin body and no path id, however odd, gets a 5xx: bad input is a 4xx with a code, and changes nothing. */
class BadInputPropertiesTest {

    private static final String ADMIN = "admin-token";
    private static final String TOKEN = "token-of-user-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SeckillHttpApi api;
    private static URI base;

    @BeforeContainer
    static void start() {
        DomainFixture domain = new DomainFixture();
        domain.sessions.saveAll(Map.of(TOKEN, new UserSession(new UserId(1), "one", "")), Duration.ofHours(1));
        api = new SeckillHttpApi(
                new SeckillHttpApi.Settings(
                        new ServerSettings("127.0.0.1", 0, 8, 16_384, "Asia/Shanghai"), Optional.of(ADMIN)),
                new SeckillHttpApi.UseCases(
                        domain.placeOrder,
                        domain.lookUp,
                        domain.pay,
                        domain.cancel,
                        domain.register,
                        domain.stats,
                        new IdentifyUserService(domain.sessions)),
                List.of(),
                new SimpleMeterRegistry(),
                () -> "");
        api.start();
        base = URI.create("http://127.0.0.1:" + api.port());
    }

    @AfterContainer
    static void stop() {
        api.stop();
    }

    @Property(tries = 400)
    void noAdminBodyGetsA5xx(@ForAll("voucherBodies") String body) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/voucher/seckill"))
                .header("X-Admin-Token", ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(answer.statusCode()).as("%s -> %s", body, answer.body()).isIn(200, 400);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Property(tries = 300)
    void noPathIdGetsA5xx(@ForAll("pathIds") String id) throws Exception {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        List<HttpRequest.Builder> requests = List.of(
                HttpRequest.newBuilder(base.resolve("/voucher-order/seckill/" + encoded))
                        .header("authorization", TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(base.resolve("/voucher-order/" + encoded))
                        .header("authorization", TOKEN)
                        .GET(),
                HttpRequest.newBuilder(base.resolve("/voucher/seckill/" + encoded + "/stats"))
                        .header("X-Admin-Token", ADMIN)
                        .GET());
        for (HttpRequest.Builder request : requests) {
            HttpResponse<String> answer = send(request);
            assertThat(answer.statusCode()).as("%s -> %s", id, answer.body()).isBetween(200, 499);
            assertThat(answer.body()).as("%s -> %d", id, answer.statusCode()).startsWith("{");
            assertThat(JSON.readTree(answer.body()).has("success")).isTrue();
        }
    }

    @Provide
    Arbitrary<String> voucherBodies() {
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().between(-5, 20_000_000).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(Object.class::cast));
        Arbitrary<Object> texts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300).map(Object.class::cast),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\uffff')
                        .ofMaxLength(1_100)
                        .map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.longs().map(Object.class::cast));
        Arbitrary<Object> times = Arbitraries.oneOf(
                isoTimes().map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(40).map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.longs().map(Object.class::cast));
        return Combinators.combine(List.of(numbers, texts, texts, texts, numbers, numbers, numbers, times, times))
                .as(values -> {
                    String[] names = {
                        "shopId",
                        "title",
                        "subTitle",
                        "rules",
                        "payValue",
                        "actualValue",
                        "stock",
                        "beginTime",
                        "endTime"
                    };
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (int i = 0; i < names.length; i++) {
                        body.put(names[i], values.get(i));
                    }
                    try {
                        return JSON.writeValueAsString(body);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Date-times that parse: years from far before 1000 to far after 9999, with and without an offset, to the nanosecond. */
    private static Arbitrary<String> isoTimes() {
        Arbitrary<Integer> years = Arbitraries.oneOf(
                Arbitraries.integers().between(-999_999_999, 999_999_999),
                Arbitraries.integers().between(990, 1_010),
                Arbitraries.integers().between(9_990, 10_010),
                Arbitraries.integers().between(2020, 2030));
        Arbitrary<Integer> nanos =
                Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999), Arbitraries.just(0));
        Arbitrary<String> offsets = Arbitraries.of("", "Z", "+08:00", "-18:00", "+18:00");
        return Combinators.combine(
                        years,
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(0, 59),
                        nanos,
                        offsets)
                .as((year, month, second, nano, offset) -> {
                    String y = year < 0
                            ? String.format("-%06d", -year)
                            : year > 9_999 ? String.format("+%d", year) : String.format("%04d", year);
                    return "%s-%02d-01T00:00:%02d.%09d%s".formatted(y, month, second, nano, offset);
                });
    }

    @Provide
    Arbitrary<String> pathIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "0",
                        "-1",
                        "00000000000000000001",
                        "9223372036854775807",
                        "9223372036854775808",
                        "18446744073709551616",
                        "1e3",
                        "0x10",
                        " 1",
                        "1 ",
                        "+1",
                        "１２３",
                        "%",
                        "..",
                        "1/2"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
