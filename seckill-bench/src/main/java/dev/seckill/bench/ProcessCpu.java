package dev.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU time a local process has used, from {@code /proc/<pid>/task/<tid>/stat} (Linux), its JIT
 * compiler threads apart: on 2 cores the compiler can take half a core long after a warm-up, and
 * the server's own work per order is then the steadier number to compare two builds by.
 *
 * @param workTicks CPU time of every thread but the JIT compilers, in clock ticks
 * @param jitTicks  CPU time of the C1/C2 compiler threads, in clock ticks
 */
record ProcessCpu(long workTicks, long jitTicks) {

    // USER_HZ: 100 on every Linux the JDK runs on (the kernel's tick rate is hidden behind it)
    private static final double MICROS_PER_TICK = 10_000;

    /** The process's CPU time so far, or empty where /proc cannot tell (not Linux, process gone). */
    static Optional<ProcessCpu> of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long work = 0;
        long jit = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended since the listing
                }
                // "tid (comm) state ...": comm may hold spaces, so fields are counted from the last ')'
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                String[] fields = stat.substring(close + 2).split(" ", -1);
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                if (name.contains("CompilerThre")) {
                    jit += ticks;
                } else {
                    work += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new ProcessCpu(work, jit));
    }

    ProcessCpu minus(ProcessCpu earlier) {
        return new ProcessCpu(workTicks - earlier.workTicks, jitTicks - earlier.jitTicks);
    }

    double workMicrosPer(long units) {
        return units == 0 ? Double.NaN : workTicks * MICROS_PER_TICK / units;
    }

    double jitMicrosPer(long units) {
        return units == 0 ? Double.NaN : jitTicks * MICROS_PER_TICK / units;
    }
}
