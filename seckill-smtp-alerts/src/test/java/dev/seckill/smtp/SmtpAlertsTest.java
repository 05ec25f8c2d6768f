package dev.seckill.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real SMTP server (GreenMail) on a loopback port. */
class SmtpAlertsTest {

    private final GreenMail mailServer = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @BeforeEach
    void startMailServer() {
        mailServer.start();
    }

    @AfterEach
    void stopMailServer() {
        mailServer.stop();
    }

    @Test
    void mailsTheOrderItsVoucherUserAttemptsAndError() throws Exception {
        SeckillOrder order = new SeckillOrder(
                new OrderId(9_007_199_254_740_993L),
                new UserId(1_010),
                new VoucherId(12),
                Instant.parse("2026-11-26T12:00:00Z"));
        OrderDelivery delivery = new OrderDelivery(order, 3, null, "deadlock found");

        try (SmtpAlerts alerts = new SmtpAlerts(settings(mailServer.getSmtp().getPort()))) {
            alerts.orderFailed(delivery, "deadlock found");
        }

        MimeMessage[] received = mailServer.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).contains("order 9007199254740993");
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("ops@seckill.test");
        assertThat(GreenMailUtil.getBody(received[0]))
                .contains(
                        "orderId:   9007199254740993",
                        "voucherId: 12",
                        "userId:    1010",
                        "attempts:  4",
                        "error:     deadlock found");
    }

    @Test
    void neverThrowsAndNeverBlocksWhenTheMailServerIsGone() {
        int port = mailServer.getSmtp().getPort();
        mailServer.stop();
        SeckillOrder order = new SeckillOrder(new OrderId(1), new UserId(2), new VoucherId(3), Instant.now());

        try (SmtpAlerts alerts = new SmtpAlerts(settings(port))) {
            long started = System.nanoTime();
            alerts.orderFailed(OrderDelivery.first(order), "boom");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        }
    }

    private static SmtpSettings settings(int port) {
        return new SmtpSettings("127.0.0.1", port, "", "", "seckill@seckill.test", List.of("ops@seckill.test"), false);
    }
}
