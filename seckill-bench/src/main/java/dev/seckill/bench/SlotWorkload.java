package dev.seckill.bench;

import java.util.function.LongToIntFunction;

/** Requests by slot, and which slot the i-th request uses. */
final class SlotWorkload implements LoadGenerator.Workload {
    private final byte[][] requests;
    private final LongToIntFunction slots;

    SlotWorkload(byte[][] requests, LongToIntFunction slots) {
        this.requests = requests;
        this.slots = slots;
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
