package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlotWorkloadTest {

    private static final byte[][] REQUESTS =
            IntStream.range(0, 10).mapToObj(i -> new byte[] {(byte) i}).toArray(byte[][]::new);

    @Test
    void inTurnAsksEverySlotOnceARound() {
        SlotWorkload workload = SlotWorkload.inTurn(REQUESTS);

        assertThat(IntStream.range(0, 25).map(i -> workload.slotOf(i)))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4);
        assertThat(workload.request(7)).containsExactly(7);
    }

    @Test
    void inTurnOverSomeSlotsAsksOnlyThose() {
        SlotWorkload workload = SlotWorkload.inTurn(REQUESTS, new int[] {8, 3, 5});

        assertThat(IntStream.range(0, 7).map(i -> workload.slotOf(i))).containsExactly(8, 3, 5, 8, 3, 5, 8);
        assertThat(workload.slotOf(3_000_000_001L)).isEqualTo(3);
    }

    @Test
    void shuffledRoundsAskEverySlotOnceARoundInAnotherOrderEachRound() {
        SlotWorkload workload = SlotWorkload.shuffledRounds(REQUESTS);

        Set<Integer> firstRound = new HashSet<>();
        IntStream.range(0, 10).forEach(i -> firstRound.add(workload.slotOf(i)));
        assertThat(firstRound).hasSize(10);
        int[] first = IntStream.range(0, 10).map(i -> workload.slotOf(i)).toArray();
        int[] second = IntStream.range(10, 20).map(i -> workload.slotOf(i)).toArray();
        assertThat(second).containsExactlyInAnyOrder(first).isNotEqualTo(first);
    }
}
