package dev.seckill.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisedLoopTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anErrorRestartsTheBodyAfterABackOffCountedAndSeenAsDown() {
        AtomicInteger lives = new AtomicInteger();
        AtomicInteger workDone = new AtomicInteger();
        SupervisedLoop.Body body = stop -> {
            if (lives.incrementAndGet() <= 2) {
                throw new OutOfMemoryError("injected");
            }
            while (!stop.requested()) {
                workDone.incrementAndGet();
                Thread.onSpinWait();
            }
        };
        try (SupervisedLoop loop =
                new SupervisedLoop("test-loop", body, Duration.ofMillis(300), Duration.ofSeconds(1), meters)) {
            loop.start();

            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !loop.up());
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.up() && workDone.get() > 0);

            assertThat(lives.get()).isEqualTo(3);
            assertThat(loop.restarts()).isEqualTo(2);
            assertThat(meters.get("seckill.loop.restarts")
                            .tag("loop", "test-loop")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(meters.get("seckill.loop.up")
                            .tag("loop", "test-loop")
                            .gauge()
                            .value())
                    .isEqualTo(1);
        }
    }

    @Test
    void aPeriodicLoopRunsItsPassEveryIntervalUntilClosed() {
        AtomicInteger passes = new AtomicInteger();
        try (SupervisedLoop loop =
                SupervisedLoop.every("periodic", Duration.ofMillis(20), passes::incrementAndGet, meters)) {
            loop.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
            assertThat(meters.get("seckill.loop.up")
                            .tag("loop", "periodic")
                            .gauge()
                            .value())
                    .isEqualTo(1);
        }
    }

    @Test
    void aBodyThatReturnsUnaskedIsRestartedTooAndCloseStopsItForGood() {
        AtomicInteger lives = new AtomicInteger();
        SupervisedLoop loop = new SupervisedLoop(
                "returns", stop -> lives.incrementAndGet(), Duration.ofMillis(50), Duration.ofMillis(50), meters);
        loop.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> loop.restarts() >= 3);
        loop.close();

        int after = lives.get();
        assertThat(loop.up()).isFalse();
        assertThat(lives.get()).as("no life after close").isEqualTo(after);
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeEndsABackOffAtOnce() {
        SupervisedLoop loop = new SupervisedLoop(
                "long-backoff",
                stop -> {
                    throw new IllegalStateException("always");
                },
                Duration.ofMinutes(10),
                Duration.ofMinutes(10),
                meters);
        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.restarts() == 1);

        long started = System.nanoTime();
        loop.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aLoopClosedAtOnceStillRunsItsBodyOnce() {
        AtomicInteger lives = new AtomicInteger();
        SupervisedLoop loop = new SupervisedLoop(
                "closed-at-once",
                stop -> lives.incrementAndGet(),
                Duration.ofMillis(50),
                Duration.ofMillis(50),
                meters);
        loop.start();
        loop.close();

        assertThat(lives.get())
                .as("a body that drains a queue on stop gets to drain it")
                .isEqualTo(1);
    }
}
