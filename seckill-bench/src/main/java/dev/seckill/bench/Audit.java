package dev.seckill.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The consistency audit of docs/guarantees.md over the facts gathered after the drain: one PASS/FAIL line
 * per guarantee, with the numbers behind it, plus what the run expects of the DLQ.
 */
final class Audit {

    /** What the run should have ended with. */
    enum Expectation {
        /** Every accepted order created; nothing dead-lettered (normal runs and the outage drills). */
        ORDERS_CREATED,
        /** Every accepted order dead-lettered and released (the {@code dlq} drill). */
        DEAD_LETTERED
    }

    /**
     * What the audit looks at.
     *
     * @param initialStock           the voucher's stock at registration
     * @param redisInitialStock      the initial stock Redis holds for the sale
     * @param redisStock             the stock left in Redis
     * @param reservedUsers          users holding a reservation in Redis
     * @param pendingOrders          accepted orders not yet acknowledged by Kafka
     * @param dbStock                {@code tb_seckill_voucher.stock}
     * @param dbOrders               rows in {@code tb_voucher_order} for the voucher
     * @param dbDuplicateUsers       users with more than one row there
     * @param failedOrders           rows in {@code tb_failed_order} for the voucher (the DLQ's record)
     * @param dlqTopicRecords        records in the DLQ topic, -1 when it could not be read
     * @param acceptedAnswers        answers 200 with an order id
     * @param acceptedDistinctOrders distinct order ids among them
     * @param usersAcceptedTwice     users answered 200 more than once
     * @param acceptedCreated        accepted ids found in {@code tb_voucher_order}
     * @param acceptedFailed         accepted ids found in {@code tb_failed_order}
     * @param missing                accepted ids found in neither (a few, for the report)
     * @param missingCount           how many accepted ids are found in neither
     * @param failedStillReserved    failed orders whose Redis reservation is still held
     * @param recordedUnanswered     orders in the DB whose answer the bench never got (e.g. the app was killed)
     * @param reservationMismatches  users whose Redis reservation and DB order differ (either side missing or another id)
     * @param lossCounted            Redis was emptied while orders were acknowledged once reserved: an accepted order not
     *                               yet on the broker may be lost, and its unit and its buyer free again; the audit counts
     *                               such orders instead of failing on them
     * @param usersAcceptedTwiceKept users answered 200 more than once with at least two of those orders not lost
     */
    record Facts(
            Expectation expectation,
            long initialStock,
            long redisInitialStock,
            long redisStock,
            long reservedUsers,
            long pendingOrders,
            long dbStock,
            long dbOrders,
            long dbDuplicateUsers,
            long failedOrders,
            long dlqTopicRecords,
            long acceptedAnswers,
            long acceptedDistinctOrders,
            long usersAcceptedTwice,
            long acceptedCreated,
            long acceptedFailed,
            List<Long> missing,
            long missingCount,
            long failedStillReserved,
            long recordedUnanswered,
            long reservationMismatches,
            boolean lossCounted,
            long usersAcceptedTwiceKept,
            long acceptedCancelled) {

        Facts {
            missing = List.copyOf(missing);
        }
    }

    /** One verdict: {@code id} is {@code 6.<guarantee>} (6.1 no oversell … 6.4 agreement), or {@code drill} for what a drill adds. */
    record Line(String id, String title, boolean passed, String numbers) {}

    private Audit() {}

    static List<Line> verdicts(Facts f) {
        List<Line> lines = new ArrayList<>();
        // a dead-lettered or cancelled order gives its unit back, and someone else may buy it: only the accepts still
        // held count
        long lost = f.lossCounted() ? f.missingCount() : 0;
        long held = f.acceptedDistinctOrders() - f.acceptedFailed() - f.acceptedCancelled() - lost;
        lines.add(new Line(
                "6.1",
                "No oversell",
                f.dbOrders() <= f.initialStock() && f.dbStock() >= 0 && held <= f.initialStock(),
                "orders not cancelled %d <= stock %d; DB stock %d >= 0; accepted answers %d - %d released - %d cancelled%s = %d <= stock"
                        .formatted(
                                f.dbOrders(),
                                f.initialStock(),
                                f.dbStock(),
                                f.acceptedDistinctOrders(),
                                f.acceptedFailed(),
                                f.acceptedCancelled(),
                                f.lossCounted() ? " - " + lost + " lost" : "",
                                held)));
        long twice = f.lossCounted() ? f.usersAcceptedTwiceKept() : f.usersAcceptedTwice();
        lines.add(new Line(
                "6.2",
                "One per user",
                f.dbDuplicateUsers() == 0 && twice == 0,
                "users with 2+ orders in the DB %d; users answered 200 twice %d%s"
                        .formatted(
                                f.dbDuplicateUsers(),
                                f.usersAcceptedTwice(),
                                f.lossCounted() ? " (" + twice + " of them with two orders not lost)" : "")));
        lines.add(new Line(
                "6.3",
                f.lossCounted() ? "Nothing lost but what an empty Redis loses (counted)" : "Nothing lost",
                (f.lossCounted() || f.missingCount() == 0)
                        && f.failedStillReserved() == 0
                        && f.acceptedCreated() + f.acceptedFailed() + lost == f.acceptedDistinctOrders(),
                "accepted %d = CREATED %d + FAILED %d%s; missing %d%s; FAILED still reserved %d; recorded without an answer %d"
                        .formatted(
                                f.acceptedDistinctOrders(),
                                f.acceptedCreated(),
                                f.acceptedFailed(),
                                f.lossCounted() ? " + lost " + lost : "",
                                f.missingCount(),
                                f.missing().isEmpty() ? "" : " e.g. " + f.missing(),
                                f.failedStillReserved(),
                                f.recordedUnanswered())));
        long expectedStock = f.initialStock() - f.dbOrders();
        lines.add(new Line(
                "6.4",
                "Agreement",
                f.pendingOrders() == 0
                        && f.redisStock() == f.dbStock()
                        && f.dbStock() == expectedStock
                        && f.reservedUsers() == f.dbOrders()
                        && f.reservationMismatches() == 0
                        && f.redisInitialStock() == f.initialStock(),
                "Redis stock %d = DB stock %d = %d - %d orders; reserved users %d = ordered users %d (%d differ); pending %d; DLQ %d"
                        .formatted(
                                f.redisStock(),
                                f.dbStock(),
                                f.initialStock(),
                                f.dbOrders(),
                                f.reservedUsers(),
                                f.dbOrders(),
                                f.reservationMismatches(),
                                f.pendingOrders(),
                                f.failedOrders())));
        String topic = f.dlqTopicRecords() < 0 ? "topic not read" : f.dlqTopicRecords() + " in the DLQ topic";
        if (f.expectation() == Expectation.ORDERS_CREATED) {
            lines.add(new Line(
                    "DLQ",
                    "Nothing dead-lettered",
                    f.failedOrders() == 0 && f.dlqTopicRecords() <= 0,
                    "%d failed orders in the DB, %s".formatted(f.failedOrders(), topic)));
        } else {
            lines.add(new Line(
                    "DLQ",
                    "Every accepted order dead-lettered and released",
                    f.acceptedDistinctOrders() > 0
                            && f.acceptedFailed() == f.acceptedDistinctOrders()
                            && f.dbOrders() == 0
                            && f.redisStock() == f.initialStock()
                            && f.dbStock() == f.initialStock()
                            && (f.dlqTopicRecords() < 0 || f.dlqTopicRecords() >= f.acceptedDistinctOrders()),
                    "FAILED %d of %d accepted; DB orders %d; Redis stock %d and DB stock %d of %d; %s"
                            .formatted(
                                    f.acceptedFailed(),
                                    f.acceptedDistinctOrders(),
                                    f.dbOrders(),
                                    f.redisStock(),
                                    f.dbStock(),
                                    f.initialStock(),
                                    topic)));
        }
        return lines;
    }

    static boolean passed(List<Line> lines) {
        return !lines.isEmpty() && lines.stream().allMatch(Line::passed);
    }
}
