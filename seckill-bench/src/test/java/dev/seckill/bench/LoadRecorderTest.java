package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's maths: percentiles, per-second buckets, counts by status and code, rates. */
class LoadRecorderTest {

    private static final long ORIGIN = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void mergesThreadsIntoPercentilesCountsAndSeconds() {
        LoadRecorder first = new LoadRecorder(ORIGIN, true);
        LoadRecorder second = new LoadRecorder(ORIGIN, true);
        // 100 answers: latencies 1..100 ms, answered during the first and the second second
        for (int i = 1; i <= 100; i++) {
            LoadRecorder recorder = i % 2 == 0 ? first : second;
            long answeredAt = ORIGIN + (i <= 50 ? 500 : 1_500) * MS;
            if (i <= 3) {
                recorder.answered(i, 200, null, Long.toString(1_000 + i), answeredAt - i * MS, answeredAt);
            } else {
                recorder.answered(i, 409, "SOLD_OUT", null, answeredAt - i * MS, answeredAt);
            }
        }
        second.failed("connection refused", 1, ORIGIN + 1_600 * MS);

        LoadResult result = LoadRecorder.merge("seckill", ORIGIN, List.of(first, second));

        assertThat(result.answers()).isEqualTo(100);
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.percentileMs(50)).isCloseTo(50, within(0.1));
        assertThat(result.percentileMs(99)).isCloseTo(99, within(0.1));
        assertThat(result.maxMs()).isCloseTo(100, within(0.1));
        assertThat(result.byStatus())
                .containsEntry(200, 3L)
                .containsEntry(409, 97L)
                .containsEntry(0, 1L);
        assertThat(result.byCode())
                .containsEntry(LoadRecorder.ACCEPTED, 3L)
                .containsEntry("SOLD_OUT", 97L)
                .containsEntry("connection refused", 1L);
        assertThat(result.accepts())
                .extracting(LoadRecorder.Accept::orderId)
                .containsExactlyInAnyOrder(1_001L, 1_002L, 1_003L);
        assertThat(result.perSecond()).hasSize(2);
        assertThat(result.perSecond().get(0).answers()).isEqualTo(50);
        assertThat(result.perSecond().get(0).accepted()).isEqualTo(3);
        assertThat(result.perSecond().get(1).answers()).isEqualTo(50);
        assertThat(result.perSecond().get(1).errors()).isEqualTo(1);
        assertThat(result.perSecond().get(1).p99Ms()).isCloseTo(100, within(1.0));
        // 100 answers from the start to the last answer at 1.5 s
        assertThat(result.answersPerSecond()).isCloseTo(100 / 1.5, within(0.01));
    }

    @Test
    void aBareEndpointHasNoOrders() {
        LoadRecorder recorder = new LoadRecorder(ORIGIN, false);
        recorder.answered(0, 200, null, "UP", ORIGIN, ORIGIN + MS);

        LoadResult result = LoadRecorder.merge("bare", ORIGIN, List.of(recorder));

        assertThat(result.accepts()).isEmpty();
        assertThat(result.byCode()).containsOnlyKeys("OK");
    }

    @Test
    void anEmptyRunHasZeroesNotErrors() {
        LoadResult result = LoadRecorder.merge("none", ORIGIN, List.of(new LoadRecorder(ORIGIN, true)));

        assertThat(result.answersPerSecond()).isZero();
        assertThat(result.percentileMs(99)).isZero();
        assertThat(result.perSecond()).isEmpty();
    }
}
