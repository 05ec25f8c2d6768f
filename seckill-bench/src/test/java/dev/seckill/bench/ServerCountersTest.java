package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServerCountersTest {

    @Test
    void readsTheSeriesItKnowsFromAPrometheusPage() {
        String page = """
                # HELP seckill_orders_consumed_total orders handled by the consumer, by outcome
                # TYPE seckill_orders_consumed_total counter
                seckill_orders_consumed_total{outcome="created"} 1998.0
                seckill_orders_consumed_total{outcome="retry",} 7.0
                seckill_orders_retries_total 7.0
                seckill_orders_published_total 2000.0
                seckill_orders_swept_total{} not-a-number
                """;

        assertThat(ServerCounters.parse(page))
                .containsEntry(ServerCounters.CREATED, 1998L)
                .containsEntry(ServerCounters.RETRIES, 7L)
                .hasSize(2);
    }

    @Test
    void aLifeWithoutAReadingCountsNothingAndEverySeriesIsReported() {
        ServerCounters counters = new ServerCounters("token");

        counters.read("gone", URI.create("http://127.0.0.1:9"));

        assertThat(counters.totals())
                .containsOnlyKeys(ServerCounters.SERIES)
                .allSatisfy((series, value) -> assertThat(value).isZero());
    }
}
