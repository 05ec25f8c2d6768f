package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The verdicts on hand-made numbers: a clean sale passes every line, and each kind of damage fails its line. */
class AuditTest {

    /** 1000 units sold to 1000 users, all recorded, nothing pending, nothing dead-lettered. */
    private static Audit.Facts clean() {
        return new Audit.Facts(
                Audit.Expectation.ORDERS_CREATED,
                1_000,
                1_000,
                0,
                1_000,
                0,
                0,
                1_000,
                0,
                0,
                0,
                1_000,
                1_000,
                0,
                1_000,
                0,
                List.of(),
                0,
                0,
                0,
                0,
                false,
                0,
                0);
    }

    private static Map<String, Boolean> verdicts(Audit.Facts facts) {
        return Audit.verdicts(facts).stream().collect(Collectors.toMap(Audit.Line::id, Audit.Line::passed));
    }

    /** {@code clean()} with the named components changed: {@code with("dbOrders", 1001L, "dbStock", -1L)}. */
    private static Audit.Facts with(Object... namesAndValues) {
        Audit.Facts facts = clean();
        RecordComponent[] components = Audit.Facts.class.getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(facts);
                for (int k = 0; k < namesAndValues.length; k += 2) {
                    if (components[i].getName().equals(namesAndValues[k])) {
                        values[i] = namesAndValues[k + 1];
                    }
                }
            }
            return Audit.Facts.class
                    .getDeclaredConstructor(Arrays.stream(components)
                            .map(RecordComponent::getType)
                            .toArray(Class<?>[]::new))
                    .newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(e.getMessage(), e);
        }
    }

    @Test
    void aCleanSalePassesEveryLine() {
        List<Audit.Line> lines = Audit.verdicts(clean());

        assertThat(lines).extracting(Audit.Line::id).containsExactly("6.1", "6.2", "6.3", "6.4", "DLQ");
        assertThat(lines).allMatch(Audit.Line::passed);
        assertThat(Audit.passed(lines)).isTrue();
        assertThat(lines.get(3).numbers()).contains("Redis stock 0 = DB stock 0 = 1000 - 1000 orders");
    }

    @Test
    void anOversellFails61() {
        Audit.Facts oversold = with("dbOrders", 1_001L, "dbStock", -1L);

        assertThat(verdicts(oversold)).containsEntry("6.1", false).containsEntry("6.4", false);
        assertThat(Audit.passed(Audit.verdicts(oversold))).isFalse();
    }

    @Test
    void unitsReleasedByTheDlqMaySellAgainButNoMore() {
        Audit.Facts resold = new Audit.Facts(
                Audit.Expectation.DEAD_LETTERED,
                1_000,
                1_000,
                1_000,
                0,
                0,
                1_000,
                0,
                0,
                1_203,
                1_203,
                1_203,
                1_203,
                0,
                0,
                1_203,
                List.of(),
                0,
                0,
                0,
                0,
                false,
                0,
                0);

        assertThat(verdicts(resold)).containsEntry("6.1", true);
        assertThat(verdicts(
                        with("acceptedAnswers", 1_001L, "acceptedDistinctOrders", 1_001L, "acceptedCreated", 1_001L)))
                .as("1001 accepts held for 1000 units")
                .containsEntry("6.1", false);
    }

    @Test
    void aUserWithTwoOrdersFails62() {
        assertThat(verdicts(with("dbDuplicateUsers", 1L)))
                .containsEntry("6.2", false)
                .containsEntry("6.1", true);
        assertThat(verdicts(with("usersAcceptedTwice", 2L))).containsEntry("6.2", false);
    }

    @Test
    void aLostOrderFails63() {
        Audit.Facts lost = with("acceptedCreated", 999L, "missing", List.of(42L), "missingCount", 1L);

        Audit.Line line = Audit.verdicts(lost).get(2);
        assertThat(line.passed()).isFalse();
        assertThat(line.numbers()).contains("missing 1 e.g. [42]");
    }

    @Test
    void aFailedOrderStillReservedFails63() {
        assertThat(verdicts(with("failedStillReserved", 1L))).containsEntry("6.3", false);
    }

    @Test
    void disagreementFails64() {
        assertThat(verdicts(with("redisStock", 1L))).containsEntry("6.4", false);
        assertThat(verdicts(with("pendingOrders", 3L))).containsEntry("6.4", false);
        assertThat(verdicts(with("reservationMismatches", 2L))).containsEntry("6.4", false);
        assertThat(verdicts(with("reservedUsers", 999L))).containsEntry("6.4", false);
    }

    @Test
    void aDeadLetterFailsANormalRun() {
        Audit.Facts dead = with("failedOrders", 1L, "dlqTopicRecords", 1L);

        assertThat(verdicts(dead)).containsEntry("DLQ", false);
    }

    @Test
    void theDlqDrillExpectsEveryOrderFailedAndTheStockBack() {
        Audit.Facts allFailed = new Audit.Facts(
                Audit.Expectation.DEAD_LETTERED,
                50,
                50,
                50,
                0,
                0,
                50,
                0,
                0,
                50,
                50,
                50,
                50,
                0,
                0,
                50,
                List.of(),
                0,
                0,
                0,
                0,
                false,
                0,
                0);
        Audit.Facts oneCreated = new Audit.Facts(
                Audit.Expectation.DEAD_LETTERED,
                50,
                50,
                49,
                1,
                0,
                49,
                1,
                0,
                49,
                49,
                50,
                50,
                0,
                1,
                49,
                List.of(),
                0,
                0,
                0,
                0,
                false,
                0,
                0);

        assertThat(Audit.passed(Audit.verdicts(allFailed))).isTrue();
        assertThat(verdicts(oneCreated)).containsEntry("DLQ", false).containsEntry("6.4", true);
    }

    @Test
    void afterAnEmptiedRedisWithTheReservedAcknowledgementLostOrdersAreCountedNotFailed() {
        // 10 accepted orders lost with Redis; their units were sold again, and 4 of their buyers bought again
        Audit.Facts lossy = with(
                "acceptedAnswers",
                1_010L,
                "acceptedDistinctOrders",
                1_010L,
                "missingCount",
                10L,
                "missing",
                List.of(1L, 2L),
                "usersAcceptedTwice",
                4L,
                "lossCounted",
                true,
                "usersAcceptedTwiceKept",
                0L);

        assertThat(Audit.passed(Audit.verdicts(lossy))).isTrue();
        assertThat(Audit.verdicts(lossy).get(2).numbers()).contains("lost 10");
        assertThat(verdicts(with(
                        "acceptedAnswers",
                        1_010L,
                        "acceptedDistinctOrders",
                        1_010L,
                        "missingCount",
                        10L,
                        "usersAcceptedTwice",
                        4L,
                        "lossCounted",
                        false)))
                .as("the same numbers where nothing may be lost")
                .containsEntry("6.1", false)
                .containsEntry("6.2", false)
                .containsEntry("6.3", false);
        assertThat(verdicts(with("lossCounted", true, "usersAcceptedTwice", 1L, "usersAcceptedTwiceKept", 1L)))
                .as("two orders of one buyer both kept")
                .containsEntry("6.2", false);
    }
}
