package dev.seckill.app;

import dev.seckill.domain.model.UserSession;
import dev.seckill.testsupport.TestServices;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real app, in this JVM, on the local services: its own database, Redis key prefix, topics and
 * consumer group, so that end-to-end tests never see each other's data.
 */
final class RunningApp implements AutoCloseable {

    static final String ADMIN_TOKEN = "e2e-admin-token";

    final String name;
    final Seckill seckill;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningApp(Map<String, String> extraEnv, int forcedFailures) {
        this(TestServices.uniqueName("seckill_e2e"), extraEnv, forcedFailures);
    }

    /** An app on the names of an earlier one ({@link #name}): its database, key prefix, topics and group, as a restart. */
    RunningApp(String name, Map<String, String> extraEnv, int forcedFailures) {
        this(name, extraEnv, forcedFailures, null);
    }

    /** An app whose spans go to {@code spans} instead of an OTLP receiver (tracing on). */
    RunningApp(Map<String, String> extraEnv, SpanExporter spans) {
        this(TestServices.uniqueName("seckill_e2e"), extraEnv, 0, spans);
    }

    private RunningApp(String name, Map<String, String> extraEnv, int forcedFailures, SpanExporter spans) {
        this.name = name;
        TestRunData.dropAtExit(name);
        TestServices.Database db = TestServices.database();
        Map<String, String> env = new HashMap<>(Map.of(
                "SECKILL_SERVER_PORT", "0",
                "SECKILL_ADMIN_TOKEN", ADMIN_TOKEN,
                "SECKILL_REDIS_URI", TestServices.redisUri(),
                "SECKILL_REDIS_KEY_PREFIX", name + ":",
                "SECKILL_MYSQL_URL", db.jdbcUrl(name),
                "SECKILL_MYSQL_USER", db.user(),
                "SECKILL_MYSQL_PASSWORD", db.password(),
                "SECKILL_KAFKA_BOOTSTRAP_SERVERS", TestServices.kafkaBootstrapServers()));
        env.putAll(Map.of(
                "SECKILL_KAFKA_TOPICS_ORDERS", name + "-orders",
                "SECKILL_KAFKA_TOPICS_RETRY", name + "-retry",
                "SECKILL_KAFKA_TOPICS_DEAD_LETTERS", name + "-dlq",
                "SECKILL_KAFKA_CONSUMER_GROUP", name + "-consumers",
                "SECKILL_KAFKA_TOPICS_ORDERS_PARTITIONS", "3",
                "SECKILL_KAFKA_TOPICS_RETRY_PARTITIONS", "3"));
        env.putAll(extraEnv);
        SeckillConfig config = new ConfigLoader().load(null, env);
        seckill = spans == null
                ? Seckill.open(config, forcedFailures)
                : Seckill.open(config, forcedFailures, Telemetry.open(config.tracing(), spans));
        seckill.serve();
    }

    RunningApp() {
        this(Map.of(), 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + seckill.port() + path;
    }

    /** Sessions for {@code count} users (ids from {@code firstUser}), made with the gen-tokens code; tokens in user order. */
    List<String> tokens(long firstUser, int count) {
        StringBuilder csv = new StringBuilder("id,phone\n");
        for (long user = firstUser; user < firstUser + count; user++) {
            csv.append(user).append(",1380000").append(user).append('\n');
        }
        try {
            List<UserSession> users =
                    UserCsv.read("users.csv", new java.io.BufferedReader(new java.io.StringReader(csv.toString())));
            Map<String, UserSession> sessions = SessionTokens.issue(users);
            seckill.sessions.saveAll(sessions, Duration.ofHours(1));
            return List.copyOf(sessions.keySet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        return sendAsync(method, path, body, headers).join();
    }

    CompletableFuture<HttpResponse<String>> sendAsync(
            String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Registers a voucher through the admin endpoint; returns its id. */
    String registerVoucher(int stock, String beginTime, String endTime) {
        String body =
                "{\"shopId\":1,\"title\":\"e2e\",\"subTitle\":\"\",\"rules\":\"\",\"payValue\":8000,\"actualValue\":10000,"
                        + "\"stock\":" + stock + ",\"beginTime\":\"" + beginTime + "\",\"endTime\":\"" + endTime
                        + "\"}";
        HttpResponse<String> response = send(
                "POST",
                "/voucher/seckill",
                body,
                Map.of("X-Admin-Token", ADMIN_TOKEN, "Content-Type", "application/json"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "voucher registration failed: " + response.statusCode() + " " + response.body());
        }
        return response.body().replaceAll(".*\"data\":\"(\\d+)\".*", "$1");
    }

    @Override
    public void close() {
        seckill.close();
    }
}
