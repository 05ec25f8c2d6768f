package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisOrderIdsTest {

    @Test
    void decodesHmdpsLayout() {
        Instant issued = Instant.parse("2026-11-26T12:34:56Z");
        long seconds = issued.getEpochSecond() - 1_640_995_200L;
        OrderId id = new OrderId(seconds << 32 | 4_000_000_123L);

        assertThat(RedisOrderIds.timestampOf(id)).isEqualTo(issued);
        assertThat(RedisOrderIds.sequenceOf(id)).isEqualTo(4_000_000_123L);
    }
}
