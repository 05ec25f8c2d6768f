package dev.seckill.bench;

import java.util.Random;
import java.util.function.LongToIntFunction;

/** Requests by slot, and which slot the i-th request uses. */
final class SlotWorkload implements LoadGenerator.Workload {
    private final byte[][] requests;
    private final LongToIntFunction slots;

    SlotWorkload(byte[][] requests, LongToIntFunction slots) {
        this.requests = requests;
        this.slots = slots;
    }

    /** Every slot in turn, from the first. */
    static SlotWorkload inTurn(byte[][] requests) {
        return new SlotWorkload(requests, i -> (int) (i % requests.length));
    }

    /** Only these slots, in turn. */
    static SlotWorkload inTurn(byte[][] requests, int[] slots) {
        return new SlotWorkload(requests, i -> slots[(int) (i % slots.length)]);
    }

    /**
     * Round r asks every slot once, in one shuffled order shifted by r, so that a user's tries
     * spread over the burst's window instead of coming back to back.
     */
    static SlotWorkload shuffledRounds(byte[][] requests) {
        int users = requests.length;
        int[] order = new int[users];
        for (int i = 0; i < users; i++) {
            order[i] = i;
        }
        Random random = new Random(users);
        for (int i = users - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new SlotWorkload(requests, i -> order[(int) ((i % users + (i / users) * 7_919L) % users)]);
    }

    @Override
    public int slotOf(long index) {
        return slots.applyAsInt(index);
    }

    @Override
    public byte[] request(int slot) {
        return requests[slot];
    }
}
