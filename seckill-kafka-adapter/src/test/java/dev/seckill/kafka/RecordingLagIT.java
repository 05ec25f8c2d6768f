package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * How far behind the recording is, measured from outside the group on the real broker: while no consumer holds the
 * partitions, the accepted orders show as lag on their partition and the oldest one's age grows; once a consumer has
 * recorded them, both are back to zero.
 */
class RecordingLagIT {

    private static double lagOf(OrderFlow flow, String topic) {
        return flow.meters.find("seckill.recording.lag").tag("topic", topic).gauges().stream()
                .mapToDouble(Gauge::value)
                .sum();
    }

    @Test
    void ordersNobodyRecordsShowAsLagAndAgeUntilAConsumerRecordsThem() {
        try (OrderFlow flow = new OrderFlow();
                RecordingLag lag = new RecordingLag(flow.kafka, Duration.ofHours(1), Clock.systemUTC(), flow.meters)) {
            VoucherId voucher = flow.voucher(10);
            Instant firstAccepted = Instant.now();
            for (long user = 1; user <= 5; user++) {
                flow.place(user, voucher);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> flow.relay.inFlight() == 0);
            // an age that can only come from the orders' acceptance, not from the measurement's own moment
            LockSupport.parkNanos(Duration.ofMillis(1_500).toNanos());

            lag.measure();

            assertThat(lagOf(flow, flow.kafka.topics().orders())).isEqualTo(5);
            assertThat(flow.meters
                            .find("seckill.recording.lag")
                            .tag("topic", flow.kafka.topics().orders())
                            .gauges())
                    .as("one series per partition, the voucher's alone lagging")
                    .hasSize(flow.kafka.topics().ordersPartitions())
                    .filteredOn(gauge -> gauge.value() > 0)
                    .hasSize(1);
            assertThat(lagOf(flow, flow.kafka.topics().retry())).isZero();
            assertThat(lag.oldestUnrecorded())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_500))
                    .isLessThanOrEqualTo(Duration.between(firstAccepted, Instant.now()));
            assertThat(flow.meters
                            .get("seckill.recording.oldest.unrecorded")
                            .gauge()
                            .value())
                    .isEqualTo(lag.oldestUnrecorded().toMillis() / 1000.0);

            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                lag.measure();
                return lagOf(flow, flow.kafka.topics().orders()) == 0;
            });

            assertThat(flow.ledgerStats(voucher).orders()).isEqualTo(5);
            assertThat(lag.oldestUnrecorded()).isZero();
        }
    }
}
