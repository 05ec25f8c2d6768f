package dev.seckill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One buyer's calls on a server's HTTP API (docs/api.md), outside the load: buy, pay, cancel, look an order up, each
 * with the buyer's token. The drills and the audit use them; the load is {@link LoadGenerator}'s.
 */
final class BuyerApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a buyer's POST was answered: the status, the failure code ("" on 200), and {@code data} (a text or an order's status). */
    record Answer(int status, String code, String data) {
        boolean ok() {
            return status == 200;
        }
    }

    private final URI base;
    private final ServerCalls http = new ServerCalls();

    BuyerApi(URI base) {
        this.base = base;
    }

    /** A buyer's {@code POST} (a purchase, a pay or a cancel), with their token. */
    Answer post(String path, String token) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("authorization", token)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            JsonNode body = JSON.readTree(response.body());
            JsonNode data = body.path("data");
            return new Answer(
                    response.statusCode(),
                    body.path("code").asText(""),
                    data.isObject() ? data.path("status").asText() : data.asText());
        } catch (IOException e) {
            return new Answer(0, "no answer (" + e.getClass().getSimpleName() + ")", "");
        }
    }

    /** {@code GET /voucher-order/{id}} as its buyer: the order's status, or the failure code. */
    String orderStatus(long orderId, String token) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/voucher-order/" + orderId))
                    .header("authorization", token)
                    .GET());
            JsonNode body = JSON.readTree(response.body());
            return response.statusCode() == 200
                    ? body.path("data").path("status").asText()
                    : body.path("code").asText("HTTP " + response.statusCode());
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }
}
