package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PaddedInListTest {

    @Test
    void padsToAPowerOfTwoWithTheLastIdSoTheSetIsUnchanged() {
        assertThat(BatchWrite.padded(List.of(5L))).hasSize(8).containsOnly(5L);
        List<Long> nine = LongStream.rangeClosed(1, 9).boxed().toList();
        List<Long> padded = BatchWrite.padded(nine);
        assertThat(padded).hasSize(16).startsWith(nine.toArray(Long[]::new));
        assertThat(padded.subList(9, 16)).containsOnly(9L);
        assertThat(BatchWrite.padded(LongStream.rangeClosed(1, 500).boxed().toList()))
                .hasSize(512);
        assertThat(BatchWrite.padded(LongStream.rangeClosed(1, 512).boxed().toList()))
                .hasSize(512);
        assertThat(BatchWrite.padded(LongStream.rangeClosed(1, 513).boxed().toList()))
                .hasSize(1024);
    }
}
