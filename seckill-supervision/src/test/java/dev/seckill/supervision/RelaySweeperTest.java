package dev.seckill.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.DomainFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the sweeper tells the metrics about pending orders, on the domain's in-memory ports. */
class RelaySweeperTest {

    private final DomainFixture app = new DomainFixture();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RelaySweeper sweeper = new RelaySweeper(
            app.relay,
            app.reservations,
            app.reservations,
            () -> app.catalogue.salesEndingAfter(app.clock.instant().minus(DomainFixture.HORIZON)),
            app.clock,
            metrics);

    @Test
    void theOldestPendingOrderAgesUntilTheBrokerHasIt() {
        VoucherId voucher = app.voucherOnSale(10);
        assertThat(oldestAge()).as("nothing pending yet").isZero();

        app.publisher.down(true);
        place(1, voucher);
        app.clock.advance(Duration.ofSeconds(5));
        place(2, voucher);
        sweeper.sweep();
        assertThat(pending()).isEqualTo(2);
        assertThat(oldestAge()).isEqualTo(5.0);

        app.clock.advance(Duration.ofSeconds(10));
        assertThat(oldestAge()).as("taken at the scrape, between sweeps too").isEqualTo(15.0);

        app.publisher.down(false);
        sweeper.sweep();
        assertThat(pending()).isZero();
        assertThat(oldestAge()).isZero();
    }

    private void place(long user, VoucherId voucher) {
        app.placeOrder.place(new UserId(user), voucher).toCompletableFuture().join();
    }

    private double pending() {
        return metrics.get("seckill_pending_orders").gauge().value();
    }

    private double oldestAge() {
        return metrics.get("seckill_oldest_pending_order_age_seconds").gauge().value();
    }
}
