package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void readsThisJvmsThreadsAndGrowsWithWork() {
        long pid = ProcessHandle.current().pid();
        ProcessCpu before =
                ProcessCpu.of(pid).orElseThrow(() -> new AssertionError("/proc/" + pid + "/task is not readable"));
        long deadline = System.nanoTime() + 2_000_000_000L;
        long spin = 0;
        ProcessCpu after = before;
        // work until the kernel has counted a few ticks more (bounded by the deadline)
        while (after.workTicks() - before.workTicks() < 5 && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                spin += i ^ (spin >>> 3);
            }
            after = ProcessCpu.of(pid).orElseThrow();
        }

        ProcessCpu spent = after.minus(before);
        assertThat(spent.workTicks())
                .as("ticks counted for this thread's work (spin %d)", spin)
                .isGreaterThanOrEqualTo(5);
        assertThat(spent.jitTicks()).isNotNegative();
        assertThat(spent.workMicrosPer(5)).isEqualTo(spent.workTicks() * 10_000.0 / 5);
    }

    @Test
    void aProcessThatIsNotThereHasNoCpuTime() {
        assertThat(ProcessCpu.of(Long.MAX_VALUE)).isEmpty();
    }
}
