package dev.seckill.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisKeys;
import dev.seckill.redis.RedisSettings;
import dev.seckill.testsupport.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The embedded shop on the real Redis and database: buyers who each ask twice at once get one order each, no more
 * orders than units, and every order is recorded by the shop's own in-process queue.
 */
class EmbeddedSeckillIT {

    private static final int STOCK = 20;
    private static final int BUYERS = 50;

    private final String name = TestServices.uniqueName("seckill_shop");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(EmbeddedSeckill shop, String method, String path, String user) {
        return sendAsync(shop, method, path, user).join();
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(
            EmbeddedSeckill shop, String method, String path, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("X-User", user);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachBuyerGetsOneOrderAtMostTheStockIsSoldAndEveryOrderIsRecorded() throws Exception {
        TestServices.Database db = TestServices.database();
        EmbeddedSeckill.Settings settings = new EmbeddedSeckill.Settings(
                0, TestServices.redisUri(), name + ":", db.jdbcUrl(name), db.user(), db.password());
        try (EmbeddedSeckill shop = EmbeddedSeckill.start(settings)) {
            String voucher = send(shop, "POST", "/sales?stock=" + STOCK, null).body();

            // every buyer asks twice at once: a double click
            List<CompletableFuture<HttpResponse<String>>> asked = new ArrayList<>();
            for (int user = 1; user <= BUYERS; user++) {
                for (int click = 0; click < 2; click++) {
                    asked.add(sendAsync(shop, "POST", "/sales/" + voucher + "/orders", Integer.toString(user)));
                }
            }
            Map<String, List<HttpResponse<String>>> byBuyer = new HashMap<>();
            for (CompletableFuture<HttpResponse<String>> answer : asked) {
                HttpResponse<String> response = answer.join();
                String buyer = response.request().headers().firstValue("X-User").orElseThrow();
                byBuyer.computeIfAbsent(buyer, b -> new ArrayList<>()).add(response);
            }

            Map<String, String> orderOf = new HashMap<>();
            byBuyer.forEach((buyer, answers) -> {
                long accepted =
                        answers.stream().filter(a -> a.statusCode() == 200).count();
                assertThat(accepted).as("buyer %s accepted at most once", buyer).isLessThanOrEqualTo(1);
                answers.stream()
                        .filter(a -> a.statusCode() == 200)
                        .findFirst()
                        .ifPresent(a -> orderOf.put(buyer, a.body()));
                answers.stream()
                        .filter(a -> a.body().startsWith("ALREADY_ORDERED"))
                        .forEach(a -> assertThat(a.body()).endsWith(" " + orderOf.get(buyer)));
            });
            assertThat(orderOf).as("every unit sold, none twice").hasSize(STOCK);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> orderOf.entrySet().stream()
                            .allMatch(order -> "CREATED"
                                    .equals(send(shop, "GET", "/orders/" + order.getValue(), order.getKey())
                                            .body())));
            assertThat(recordedOrders(db)).isEqualTo(STOCK);
            assertThat(send(shop, "POST", "/sales/" + voucher + "/orders", "9999")
                            .body())
                    .isEqualTo("SOLD_OUT");
        } finally {
            drop(db);
        }
    }

    private long recordedOrders(TestServices.Database db) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(name), db.user(), db.password());
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM tb_voucher_order")) {
            count.next();
            return count.getLong(1);
        }
    }

    private void drop(TestServices.Database db) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(""), db.user(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of(TestServices.redisUri()))) {
            new RedisKeys(redis).deleteStartingWith(name + ":");
        }
    }
}
