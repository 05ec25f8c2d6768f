package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import dev.seckill.smtp.SmtpAlerts;
import dev.seckill.smtp.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FORCE_SECKILL_CONSUME_FAIL_COUNT drills against the real broker, Redis, database and an SMTP server. */
class RetryAndDeadLetterIT {

    @Test
    void aFailedWriteIsRetriedAfterItsBackOffAndThenCreated() {
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(10);
            Attempts attempts = new Attempts(flow.recordOrders(2, new RecordingAlerts()));
            flow.consumer(attempts);

            OrderId orderId = flow.place(1, voucher);

            await().atMost(Duration.ofSeconds(30)).until(() -> flow.status(orderId) == OrderStatus.CREATED);
            List<Attempts.Attempt> tries = attempts.of(orderId);
            assertThat(tries).extracting(Attempts.Attempt::retryCount).containsExactly(0, 1, 2);
            assertThat(Duration.between(tries.get(0).at(), tries.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(tries.get(1).at(), tries.get(2).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(flow.counter("seckill.orders.retries")).isEqualTo(2);
            assertThat(flow.ledgerStats(voucher).orders()).isEqualTo(1);
            assertThat(flow.ledgerStats(voucher).stock()).isEqualTo(9);
            assertThat(flow.redisStats(voucher).stock()).isEqualTo(9);
            assertThat(flow.deadLetters()).isEmpty();
            String id = "orderId=" + orderId;
            assertThat(logs.containing("handleConsume failed", id, "voucherId=" + voucher, "retryCount="))
                    .hasSize(2);
            assertThat(logs.containing("publish to retry", id, "retryCount=1")).hasSize(1);
            assertThat(logs.containing("publish to retry", id, "retryCount=2")).hasSize(1);
            assertThat(logs.containing("handleConsume success", id, "retryCount=2"))
                    .hasSize(1);
        }
    }

    @Test
    void afterMaxRetriesTheOrderIsDeadLetteredReleasedFailedAndMailedAndCanBeReplayed() throws Exception {
        GreenMail mailServer = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class);
                SmtpAlerts alerts = new SmtpAlerts(new SmtpSettings(
                        "127.0.0.1",
                        mailServer.getSmtp().getPort(),
                        "",
                        "",
                        "seckill@seckill.test",
                        List.of("ops@seckill.test"),
                        false))) {
            VoucherId lastUnit = flow.voucher(1);
            VoucherId plenty = flow.voucher(5);
            KafkaOrderConsumer failing = flow.consumer(flow.recordOrders(5, alerts));

            OrderId soldOutLater = flow.place(1, lastUnit);
            OrderId replayable = flow.place(2, plenty);

            await().atMost(Duration.ofSeconds(40))
                    .until(() -> flow.status(soldOutLater) == OrderStatus.FAILED
                            && flow.status(replayable) == OrderStatus.FAILED);

            List<DeadLetterQueue.Entry> deadLetters = flow.deadLetters();
            assertThat(deadLetters).hasSize(2);
            DeadLetterQueue.Entry entry = deadLetters.stream()
                    .filter(dead -> dead.orderId().equals(Optional.of(soldOutLater)))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.originalTopic()).isEqualTo(flow.kafka.topics().retry());
            assertThat(entry.originalPartition())
                    .isBetween(0, flow.kafka.topics().retryPartitions() - 1);
            assertThat(entry.originalOffset()).isNotNegative();
            assertThat(entry.errorClass()).isEqualTo(DeadLetterHeaders.ORDER_NOT_RECORDED);
            assertThat(entry.errorMessage()).contains("FORCE_SECKILL_CONSUME_FAIL_COUNT");
            assertThat(entry.attempts()).isEqualTo(4);
            assertThat(entry.delivery().orElseThrow().retryCount()).isEqualTo(3);
            assertThat(entry.key()).isEqualTo(lastUnit.toString());

            // the unit came back exactly once: a second release finds nothing to give back
            SeckillOrder failedOrder = entry.delivery().orElseThrow().order();
            assertThat(flow.redisStats(lastUnit).stock()).isEqualTo(1);
            assertThat(flow.redisStats(lastUnit).reservedUsers()).isZero();
            assertThat(flow.reservations.release(failedOrder)).isFalse();
            assertThat(flow.redisStats(lastUnit).stock()).isEqualTo(1);
            assertThat(flow.ledgerStats(lastUnit).stock()).isEqualTo(1);
            assertThat(flow.counter("seckill.orders.dead.lettered")).isEqualTo(2);
            assertThat(logs.containing(
                            "publish to dlq", "orderId=" + soldOutLater, "voucherId=" + lastUnit, "retryCount=3"))
                    .hasSize(1);

            await().atMost(Duration.ofSeconds(15)).until(() -> mailServer.getReceivedMessages().length == 2);
            MimeMessage mail = Arrays.stream(mailServer.getReceivedMessages())
                    .filter(message -> subject(message).contains(soldOutLater.toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(GreenMailUtil.getBody(mail))
                    .contains(
                            "orderId:   " + soldOutLater,
                            "voucherId: " + lastUnit,
                            "userId:    1",
                            "attempts:  4",
                            "FORCE_SECKILL_CONSUME_FAIL_COUNT");

            failing.close();
            flow.consumer(flow.recordOrders(0, alerts));
            OrderId lastUnitTaken = flow.place(3, lastUnit);

            assertThat(flow.deadLetterQueue.replay(Optional.of(soldOutLater)))
                    .containsExactly(new DeadLetterQueue.Replayed(soldOutLater, Reservation.SOLD_OUT));
            assertThat(flow.deadLetterQueue.replay(Optional.of(replayable)))
                    .containsExactly(new DeadLetterQueue.Replayed(replayable, Reservation.RESERVED));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.status(replayable) == OrderStatus.CREATED
                            && flow.status(lastUnitTaken) == OrderStatus.CREATED);
            assertThat(flow.deadLetterQueue.replay(Optional.of(replayable)))
                    .containsExactly(new DeadLetterQueue.Replayed(replayable, Reservation.ALREADY_ORDERED));
            assertThat(flow.status(soldOutLater)).isEqualTo(OrderStatus.FAILED);
            assertThat(flow.recordedOrders(plenty)).containsEntry(new UserId(2), replayable);
            assertThat(flow.ledgerStats(plenty).stock()).isEqualTo(4);
            assertThat(flow.redisStats(plenty).stock()).isEqualTo(4);
        } finally {
            mailServer.stop();
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
