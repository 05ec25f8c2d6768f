package dev.seckill.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Seckill requests by outcome and their latency, under the seed's metric names; pays and cancels by answer. */
final class RequestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<ApiError, Counter> failures = new EnumMap<>(ApiError.class);
    private final Timer latency;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("seckill_requests_total")
                .description("Seckill requests by result and reason")
                .tag("result", "success")
                .tag("reason", "accepted")
                .register(registry);
        for (ApiError error : ApiError.values()) {
            failures.put(
                    error,
                    Counter.builder("seckill_requests_total")
                            .description("Seckill requests by result and reason")
                            .tag("result", "fail")
                            .tag("reason", error.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        latency = Timer.builder("seckill_request_duration")
                .description("Seckill request latency, from the handler's start to the answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    void accepted(long startedNanos) {
        accepted.increment();
        latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void rejected(ApiError reason, long startedNanos) {
        failed(reason, startedNanos);
    }

    void failed(ApiError reason, long startedNanos) {
        failures.get(reason).increment();
        latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** A pay or cancel answered: {@code result} is the order's status on 200 ({@code paid}, {@code cancelled}), else the error code. */
    void orderChange(String change, String result) {
        Counter.builder("seckill_order_changes_total")
                .description("Pay and cancel requests by the answer they got")
                .tag("change", change)
                .tag("result", result.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }
}
