package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stops the real broker for 15 s while orders are being accepted. */
class BrokerOutageIT {

    @Test
    void everyOrderAcceptedWhileTheBrokerWasDownIsCreatedWhenItReturns() {
        try (OrderFlow flow = new OrderFlow()) {
            VoucherId voucher = flow.voucher(10_000);
            flow.sweepPendingOrders();
            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));
            int acceptedWhileUp;
            int acceptedWhileDown;
            try (Buyers buyers = new Buyers(flow, voucher, 2_000)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> flow.ledgerStats(voucher).orders() >= 10);

                LocalBroker.stop();
                try {
                    acceptedWhileUp = buyers.accepted().size();
                    Instant stopped = Instant.now();
                    await().atMost(Duration.ofSeconds(20))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() ->
                                    Duration.between(stopped, Instant.now()).toSeconds() >= 15);
                    acceptedWhileDown = buyers.accepted().size() - acceptedWhileUp;
                } finally {
                    LocalBroker.start();
                }
                int acceptedBeforeRestart = acceptedWhileUp + acceptedWhileDown;
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> buyers.accepted().size() >= acceptedBeforeRestart + 20);
                buyers.stop();

                assertThat(acceptedWhileDown)
                        .as("orders accepted while the broker was down")
                        .isGreaterThan(100);
                assertThat(buyers.errors()).isEmpty();
                int accepted = buyers.accepted().size();
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> flow.ledgerStats(voucher).orders() == accepted);
                assertThat(flow.recordedOrders(voucher).values())
                        .containsExactlyInAnyOrderElementsOf(buyers.accepted());
                assertThat(flow.ledgerStats(voucher).stock()).isEqualTo(10_000 - accepted);
                assertThat(flow.redisStats(voucher).stock()).isEqualTo(10_000 - accepted);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> flow.redisStats(voucher).pendingOrders() == 0);
            }
            assertThat(flow.deadLetters()).isEmpty();
            assertThat(flow.counter("seckill.orders.retries")).isZero();
        }
    }
}
