package dev.seckill.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seckill.domain.port.in.CancelOrder;
import dev.seckill.domain.port.in.IdentifyUser;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PayOrder;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.in.ShowVoucherStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP API (docs/api.md) on Javalin: the server, its routes and health. The endpoints are in
 * {@link OrderHandlers} and {@link AdminHandlers}, every failure's answer in {@link ErrorMapping};
 * they drive the domain's use cases only.
 */
public final class SeckillHttpApi {

    private static final Duration READINESS_EVERY = Duration.ofSeconds(1);
    private static final Duration READINESS_STALE = Duration.ofSeconds(5);
    // a few of our answers at once; larger ones (the metrics) go through in several pieces
    private static final int RESPONSE_BUFFER_BYTES = 4096;

    /**
     * Where and how the server listens, and the admin's token.
     *
     * @param adminToken empty: the admin endpoints answer 403 (never open without a token)
     */
    public record Settings(ServerSettings server, Optional<String> adminToken) {
        public Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(adminToken, "adminToken");
            adminToken = adminToken.filter(token -> !token.isBlank());
        }
    }

    /** What the API drives. */
    public record UseCases(
            PlaceSeckillOrder placeOrder,
            LookUpOrder lookUpOrder,
            PayOrder payOrder,
            CancelOrder cancelOrder,
            RegisterSeckillVoucher registerVoucher,
            ShowVoucherStats voucherStats,
            IdentifyUser identifyUser) {}

    /**
     * One backing service or background loop for {@code /health/ready}: answers true when it is
     * reachable or running. Asked about once a second on a thread of its own, never on a request's.
     */
    public record ReadinessCheck(String name, BooleanSupplier answers) {}

    private final Settings settings;
    private final Readiness readiness;
    private final Supplier<String> metricsScrape;
    private final ObjectMapper json;
    private final OrderHandlers orders;
    private final AdminHandlers admin;
    private final RequestIds requestIds = new RequestIds();
    private final Javalin javalin;

    public SeckillHttpApi(
            Settings settings,
            UseCases useCases,
            List<ReadinessCheck> readiness,
            MeterRegistry registry,
            Supplier<String> metricsScrape) {
        this(settings, useCases, readiness, registry, metricsScrape, OpenTelemetry.noop());
    }

    /** With a server span of each seckill request, from {@code openTelemetry}. */
    public SeckillHttpApi(
            Settings settings,
            UseCases useCases,
            List<ReadinessCheck> readiness,
            MeterRegistry registry,
            Supplier<String> metricsScrape,
            OpenTelemetry openTelemetry) {
        this.settings = settings;
        this.readiness = new Readiness(readiness, READINESS_EVERY, READINESS_STALE);
        this.metricsScrape = metricsScrape;
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        Credentials credentials = new Credentials(useCases.identifyUser(), settings.adminToken());
        this.orders =
                new OrderHandlers(useCases, credentials, new RequestMetrics(registry), new RequestSpans(openTelemetry));
        this.admin = new AdminHandlers(
                useCases.registerVoucher(),
                useCases.voucherStats(),
                credentials,
                json,
                settings.server().zoneId());
        this.javalin = create();
    }

    /** The Javalin instance, for tests ({@code JavalinTest}). */
    public Javalin javalin() {
        return javalin;
    }

    public void start() {
        javalin.start(settings.server().host(), settings.server().port());
    }

    /** The port it listens on (useful when configured with port 0). */
    public int port() {
        return javalin.port();
    }

    /** Stops accepting, lets in-flight requests finish, then stops. */
    public void stop() {
        javalin.stop();
    }

    private Javalin create() {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.server().maxRequestBytes();
            // the answers are a few hundred bytes: matching each one's content type against the compression rules
            // took a tenth of the request threads' samples (docs/benchmarks.md)
            config.http.disableCompression();
            // Javalin copies each answer through a new buffer of this size: its 32 KiB default was
            // four fifths of what the server allocated per accepted order (docs/benchmarks.md)
            config.http.responseBufferSize = RESPONSE_BUFFER_BYTES;
            config.jsonMapper(new JavalinJackson(json, false));
            int threads = settings.server().threads();
            config.jetty.threadPool = new QueuedThreadPool(threads, Math.min(8, threads));
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
        });
        app.events(events -> events.serverStopped(readiness::close));
        app.before(requestIds::tag);
        app.post(RequestSpans.SECKILL_ROUTE, orders::seckill);
        app.get("/voucher-order/{orderId}", orders::order);
        app.post("/voucher-order/{orderId}/pay", orders::pay);
        app.post("/voucher-order/{orderId}/cancel", orders::cancel);
        app.post("/voucher/seckill", admin::registerVoucher);
        app.get("/voucher/seckill/{voucherId}/stats", admin::voucherStats);
        app.get("/health/live", ctx -> ctx.json(ApiResult.ok("UP")));
        app.get("/health/ready", this::ready);
        app.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metricsScrape.get()));
        ErrorMapping.install(app);
        return app;
    }

    private void ready(Context ctx) {
        Map<String, String> states = readiness.states();
        List<String> down = states.entrySet().stream()
                .filter(e -> e.getValue().equals("DOWN"))
                .map(Map.Entry::getKey)
                .toList();
        if (down.isEmpty()) {
            ctx.json(ApiResult.ok(states));
        } else {
            ErrorMapping.fail(ctx, ApiError.UNAVAILABLE, "not ready: " + String.join(", ", down) + " not answering");
        }
    }
}
