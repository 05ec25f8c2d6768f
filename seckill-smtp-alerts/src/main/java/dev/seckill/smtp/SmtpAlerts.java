package dev.seckill.smtp;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.out.Alerts;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mails an alert for every order that ends in the dead-letter queue. Sending happens on a small
 * background thread so that the consumer loop never waits for the mail server; a mail that cannot
 * be sent is logged, never thrown.
 */
public final class SmtpAlerts implements Alerts, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpAlerts.class);
    private static final String TIMEOUT_MS = "10000";
    private static final int QUEUE_CAPACITY = 1_000;

    private final SmtpSettings settings;
    private final Session session;
    private final Address from;
    private final Address[] to;
    private final ThreadPoolExecutor sender;

    public SmtpAlerts(SmtpSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("smtp.host is empty: there is no mail server to send the alerts to");
        }
        this.settings = settings;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        this.session = Session.getInstance(properties);
        try {
            this.from = new InternetAddress(settings.from(), true);
            this.to = new Address[settings.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(settings.to().get(i), true);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("invalid smtp address: " + e.getMessage(), e);
        }
        this.sender = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "seckill-smtp-alerts");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void orderFailed(OrderDelivery delivery, String reason) {
        SeckillOrder order = delivery.order();
        try {
            sender.execute(() -> send(delivery, reason));
        } catch (RejectedExecutionException e) {
            LOG.error("alert for order {} dropped: the mail queue is full or closed", order.orderId());
        }
    }

    /** Sends the alerts already queued (for up to 30 s), then stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn(
                        "{} alerts not sent: the mail server did not take them in time",
                        sender.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OrderDelivery delivery, String reason) {
        SeckillOrder order = delivery.order();
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSentDate(java.util.Date.from(Instant.now()));
            message.setSubject(
                    "[seckill] order " + order.orderId() + " failed: moved to the dead-letter queue",
                    StandardCharsets.UTF_8.name());
            message.setText(body(delivery, reason), StandardCharsets.UTF_8.name());
            if (settings.authenticates()) {
                Transport.send(message, settings.username(), settings.password());
            } else {
                Transport.send(message);
            }
            LOG.info("alert sent for order {}", order.orderId());
        } catch (MessagingException | RuntimeException e) {
            LOG.error("alert for order {} not sent: {}", order.orderId(), e.toString());
        }
    }

    static String body(OrderDelivery delivery, String reason) {
        SeckillOrder order = delivery.order();
        return String.join(
                "\n",
                "A seckill order could not be recorded and was moved to the dead-letter queue.",
                "Its Redis reservation has been released and its status is FAILED.",
                "",
                "orderId:   " + order.orderId(),
                "voucherId: " + order.voucherId(),
                "userId:    " + order.userId(),
                "createdAt: " + order.createdAt(),
                "attempts:  " + (delivery.retryCount() + 1),
                "error:     " + reason,
                "",
                "Inspect it with `./seckill dlq list`; send it through again with `./seckill dlq replay --order "
                        + order.orderId() + "`.",
                "");
    }
}
