package dev.seckill.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");
    private static final SaleWindow WINDOW = new SaleWindow(NOON, NOON.plus(Duration.ofHours(1)));

    @Test
    void idsArePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VoucherId(0)).withMessageContaining("voucherId");
        assertThatIllegalArgumentException().isThrownBy(() -> new UserId(-1)).withMessageContaining("userId");
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderId(0)).withMessageContaining("orderId");
        assertThat(new OrderId(Long.MAX_VALUE)).hasToString("9223372036854775807");
    }

    @Test
    void aSaleWindowEndsAfterItBegins() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SaleWindow(NOON, NOON))
                .withMessageContaining("endTime");
        assertThat(WINDOW.notStartedAt(NOON.minusMillis(1))).isTrue();
        assertThat(WINDOW.notStartedAt(NOON)).isFalse();
        assertThat(WINDOW.endedAt(NOON.plus(Duration.ofHours(1)))).isTrue();
        assertThat(WINDOW.endedAt(NOON.plus(Duration.ofMinutes(59)))).isFalse();
    }

    @Test
    void aNewVoucherNamesTheFieldItRejects() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> voucher(0, "t", 10))
                .withMessageStartingWith("shopId");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> voucher(1, " ", 10))
                .withMessageStartingWith("title");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> voucher(1, "t", 0))
                .withMessageStartingWith("stock");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> voucher(1, "t".repeat(256), 1))
                .withMessageStartingWith("title");
        assertThat(voucher(1, "t", 1).stock()).isEqualTo(1);
    }

    private static NewSeckillVoucher voucher(long shopId, String title, int stock) {
        return new NewSeckillVoucher(shopId, title, null, null, 8000, 10000, stock, WINDOW);
    }

    @Test
    void backOffDoublesFromOneSecondUpToThirty() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.allowsRetryAfter(2)).isTrue();
        assertThat(policy.allowsRetryAfter(3)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> policy.backoff(0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
    }

    @Test
    void everyReservationMapsToAnOutcome() {
        OrderId id = new OrderId(9);
        assertThat(Reservation.RESERVED.toOutcome(id)).isEqualTo(new SeckillOutcome.Accepted(id));
        assertThat(Reservation.SOLD_OUT.toOutcome(id)).isEqualTo(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));
        assertThat(Reservation.UNKNOWN_VOUCHER.toOutcome(id))
                .isEqualTo(new SeckillOutcome.Rejected(Rejection.UNKNOWN_VOUCHER));
    }
}
