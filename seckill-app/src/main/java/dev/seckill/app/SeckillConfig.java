package dev.seckill.app;

import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.kafka.KafkaSettings;
import dev.seckill.mysql.MySqlSettings;
import dev.seckill.redis.RedisSettings;
import dev.seckill.smtp.SmtpSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The whole configuration, as {@code configs/app.yaml} spells it. The adapters' sections are their
 * own settings records; the rest is the app's. Each part checks its own values, and
 * {@link #DEFAULTS} (made of the parts' defaults) is the one place a default is written.
 */
public record SeckillConfig(
        Server server,
        Admin admin,
        Sale sale,
        Order order,
        RedisSettings redis,
        MySqlSettings mysql,
        KafkaSettings kafka,
        RetryPolicy retry,
        Relay relay,
        SmtpSettings smtp,
        Tracing tracing) {

    public static final SeckillConfig DEFAULTS = new SeckillConfig(
            Server.DEFAULTS,
            new Admin(""),
            new Sale(Duration.ofMillis(500)),
            new Order("reserved", Duration.ofMinutes(15)),
            RedisSettings.DEFAULTS,
            MySqlSettings.DEFAULTS,
            KafkaSettings.DEFAULTS,
            RetryPolicy.DEFAULT,
            Relay.DEFAULTS,
            SmtpSettings.DEFAULTS,
            Tracing.DEFAULTS);

    public record Server(String host, int port, int threads, int maxRequestBytes, String zone) {

        // 16 Jetty threads: the seckill endpoint holds none while waiting on Redis, and 32 gave a longer p99 tail on 2
        // cores
        static final Server DEFAULTS = new Server("127.0.0.1", 8081, 16, 16_384, "Asia/Shanghai");

        public Server {
            requireText("server.host", host);
            requireRange("server.port", port, 0, 65_535);
            requireRange("server.threads", threads, 4, 1_000);
            requireRange("server.maxRequestBytes", maxRequestBytes, 1_024, 10 * 1024 * 1024);
            try {
                ZoneId.of(zone);
            } catch (DateTimeException | NullPointerException e) {
                throw new IllegalArgumentException(
                        "server.zone must be a time zone such as Asia/Shanghai or UTC, got '" + zone + "'");
            }
        }
    }

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
    public record Order(String acknowledge, Duration paymentTimeout) {
        public Order {
            if (!"reserved".equals(acknowledge) && !"published".equals(acknowledge)) {
                throw new IllegalArgumentException(
                        "order.acknowledge must be reserved or published, got '" + acknowledge + "'");
            }
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

    /**
     * OpenTelemetry traces of each order, from the request to its write (off unless {@code enabled}):
     * spans are sent by OTLP over HTTP to {@code endpoint} (a collector's base URL, {@code /v1/traces}
     * is added) under {@code serviceName}; {@code sampleRatio} of the requests' traces are kept.
     */
    public record Tracing(boolean enabled, String endpoint, String serviceName, double sampleRatio) {

        static final Tracing DEFAULTS = new Tracing(false, "http://127.0.0.1:4318", "seckill", 1.0);

        public Tracing {
            requireText("tracing.serviceName", serviceName);
            requireText("tracing.endpoint", endpoint);
            if (!httpUrl(endpoint)) {
                throw new IllegalArgumentException(
                        "tracing.endpoint must be an http or https URL such as http://127.0.0.1:4318, got '" + endpoint
                                + "'");
            }
            if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
                throw new IllegalArgumentException("tracing.sampleRatio must be between 0 and 1, got " + sampleRatio);
            }
        }

        private static boolean httpUrl(String text) {
            try {
                URI uri = new URI(text);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        /** Where the spans are sent: the OTLP/HTTP traces path under {@link #endpoint}. */
        public String tracesUrl() {
            return endpoint.replaceAll("/+$", "") + "/v1/traces";
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
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
