package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.testing.RecordingAlerts;
import dev.seckill.testsupport.TcpProxy;
import dev.seckill.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cuts the network to the database for 30 s while orders flow (docs/guarantees.md, 5: outages are not failures). */
class DatabaseOutageIT {

    @Test
    void aDatabaseOutagePausesConsumptionSendsNothingToTheDeadLetterQueueAndLosesNothing() {
        try (TcpProxy proxy = new TcpProxy(TestServices.database().endpoint());
                OrderFlow flow = new OrderFlow(proxy.endpoint());
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(10_000);
            RecordingAlerts alerts = new RecordingAlerts();
            flow.consumer(flow.recordOrders(0, alerts));
            int acceptedWhileUp;
            int acceptedWhileDown;
            try (Buyers buyers = new Buyers(flow, voucher, 2_000)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> flow.ledgerStats(voucher).orders() >= 10);

                proxy.cut();
                acceptedWhileUp = buyers.accepted().size();
                Instant cut = Instant.now();
                await().atMost(Duration.ofSeconds(35))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Duration.between(cut, Instant.now()).toSeconds() >= 30);
                acceptedWhileDown = buyers.accepted().size() - acceptedWhileUp;
                assertThat(logs.containing("order consumption paused")).hasSize(1);
                proxy.restore();

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> buyers.accepted().size() >= acceptedWhileUp + acceptedWhileDown + 20);
                buyers.stop();
                assertThat(acceptedWhileDown)
                        .as("orders accepted while the database was cut off")
                        .isGreaterThan(200);
                assertThat(buyers.errors()).isEmpty();
                int accepted = buyers.accepted().size();
                // the pool reconnects in the background: a query may still find it empty for a moment
                await().atMost(Duration.ofSeconds(60))
                        .ignoreException(ServiceUnavailableException.class)
                        .until(() -> flow.ledgerStats(voucher).orders() == accepted);
                assertThat(flow.recordedOrders(voucher).values())
                        .containsExactlyInAnyOrderElementsOf(buyers.accepted());
                assertThat(flow.ledgerStats(voucher).stock()).isEqualTo(10_000 - accepted);
                assertThat(flow.redisStats(voucher).stock()).isEqualTo(10_000 - accepted);
            }
            assertThat(flow.deadLetters()).isEmpty();
            assertThat(flow.counter("seckill.orders.retries")).isZero();
            assertThat(flow.counter("seckill.orders.dead.lettered")).isZero();
            assertThat(alerts.failedOrders()).isEmpty();
            assertThat(logs.containing("order consumption paused")).hasSize(1);
            assertThat(logs.containing("order consumption resumed")).hasSize(1);
        }
    }
}
