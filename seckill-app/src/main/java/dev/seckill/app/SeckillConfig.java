package dev.seckill.app;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.http.ServerSettings;
import dev.seckill.kafka.KafkaSettings;
import dev.seckill.mysql.MySqlSettings;
import dev.seckill.redis.RedisSettings;
import dev.seckill.smtp.SmtpSettings;
import dev.seckill.tracing.TracingSettings;
import java.time.Duration;
import java.util.Locale;

/**
 * The whole configuration, as {@code configs/app.yaml} spells it. The adapters' sections are their
 * own settings records; the rest is the app's. Each part checks its own values, and
 * {@link #DEFAULTS} (made of the parts' defaults) is the one place a default is written.
 */
public record SeckillConfig(
        ServerSettings server,
        Admin admin,
        Sale sale,
        Order order,
        RedisSettings redis,
        MySqlSettings mysql,
        KafkaSettings kafka,
        RetryPolicy retry,
        Relay relay,
        SmtpSettings smtp,
        TracingSettings tracing) {

    public static final SeckillConfig DEFAULTS = new SeckillConfig(
            ServerSettings.DEFAULTS,
            new Admin(""),
            new Sale(Duration.ofMillis(500)),
            new Order("reserved", PlaceSeckillOrderService.Options.DEFAULT_ACKNOWLEDGE_WAIT, Duration.ofMinutes(15)),
            RedisSettings.DEFAULTS,
            MySqlSettings.DEFAULTS,
            KafkaSettings.DEFAULTS,
            RetryPolicy.DEFAULT,
            Relay.DEFAULTS,
            SmtpSettings.DEFAULTS,
            TracingSettings.DEFAULTS);

    /** {@code token}: empty, the admin endpoints answer 403. */
    public record Admin(String token) {
        public Admin {
            token = token == null ? "" : token;
        }
    }

    /** {@code soldOutMemo}: a SOLD_OUT answer is repeated this long without asking Redis again (0: off). */
    public record Sale(Duration soldOutMemo) {
        public Sale {
            requireRange("sale.soldOutMemo", soldOutMemo, Duration.ZERO, Duration.ofMinutes(1));
        }
    }

    /**
     * {@code acknowledge}: {@code reserved} (answer once Redis reserved) or {@code published} (once Kafka has the order);
     * {@code paymentTimeout}: an order unpaid this long after its creation is cancelled and its unit sold again.
     */
    public record Order(String acknowledge, Duration acknowledgeWait, Duration paymentTimeout) {
        public Order {
            if (!"reserved".equals(acknowledge) && !"published".equals(acknowledge)) {
                throw new IllegalArgumentException(
                        "order.acknowledge must be reserved or published, got '" + acknowledge + "'");
            }
            requireRange("order.acknowledgeWait", acknowledgeWait, Duration.ofMillis(100), Duration.ofMinutes(5));
            requireRange("order.paymentTimeout", paymentTimeout, Duration.ofSeconds(1), Duration.ofDays(7));
        }

        public Acknowledgement acknowledgement() {
            return Acknowledgement.valueOf(acknowledge.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The relay's sweeper: a pending order older than {@code staleAfter} is published again, every
     * {@code sweepInterval}, for the sales that ended less than {@code salesHorizon} ago.
     */
    public record Relay(Duration staleAfter, Duration sweepInterval, Duration salesHorizon) {

        static final Relay DEFAULTS = new Relay(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofDays(7));

        public Relay {
            requireRange("relay.staleAfter", staleAfter, Duration.ofMillis(100), Duration.ofHours(1));
            requireRange("relay.sweepInterval", sweepInterval, Duration.ofMillis(100), Duration.ofHours(1));
            requireRange("relay.salesHorizon", salesHorizon, Duration.ofHours(1), Duration.ofDays(365));
        }
    }

    private static void requireRange(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    key + " must be between " + ConfigDurations.format(min) + " and " + ConfigDurations.format(max)
                            + ", got " + (value == null ? "nothing" : ConfigDurations.format(value)));
        }
    }
}
