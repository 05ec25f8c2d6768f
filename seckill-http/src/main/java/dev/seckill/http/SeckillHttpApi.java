package dev.seckill.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.Rejection;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.in.ShowVoucherStats;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.UserSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API of SPEC §3 on Javalin. */
public final class SeckillHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(SeckillHttpApi.class);
    private static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern GOOD_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String BEARER = "Bearer ";
    private static final Duration READINESS_EVERY = Duration.ofSeconds(1);
    private static final Duration READINESS_STALE = Duration.ofSeconds(5);

    /**
     * @param adminToken empty: the admin endpoints answer 403 (never open without a token)
     * @param zone       the zone of admin times given without an offset
     */
    public record Settings(String host, int port, int maxThreads, long maxRequestBytes, ZoneId zone, Optional<String> adminToken) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(adminToken, "adminToken");
            adminToken = adminToken.filter(token -> !token.isBlank());
        }
    }

    /** What the API drives. */
    public record UseCases(PlaceSeckillOrder placeOrder, LookUpOrder lookUpOrder, RegisterSeckillVoucher registerVoucher,
                           ShowVoucherStats voucherStats, UserSessions sessions) {
    }

    /**
     * One backing service or background loop for {@code /health/ready}: answers true when it is
     * reachable or running. Asked about once a second on a thread of its own, never on a request's.
     */
    public record ReadinessCheck(String name, BooleanSupplier answers) {
    }

    private final Settings settings;
    private final UseCases useCases;
    private final Readiness readiness;
    private final Supplier<String> metricsScrape;
    private final RequestMetrics metrics;
    private final ObjectMapper json;
    private final byte[] adminTokenDigest;
    private final String requestIdPrefix = Long.toString(System.nanoTime() & 0xFFFFFF, 36) + "-";
    private final AtomicLong requestIds = new AtomicLong();
    private final Javalin javalin;

    public SeckillHttpApi(Settings settings, UseCases useCases, List<ReadinessCheck> readiness,
                          MeterRegistry registry, Supplier<String> metricsScrape) {
        this.settings = settings;
        this.useCases = useCases;
        this.readiness = new Readiness(readiness, READINESS_EVERY, READINESS_STALE);
        this.metricsScrape = metricsScrape;
        this.metrics = new RequestMetrics(registry);
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        this.adminTokenDigest = settings.adminToken().map(SeckillHttpApi::sha256).orElse(null);
        this.javalin = create();
    }

    /** The Javalin instance, for tests ({@code JavalinTest}). */
    public Javalin javalin() {
        return javalin;
    }

    public void start() {
        javalin.start(settings.host(), settings.port());
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
            config.http.maxRequestSize = settings.maxRequestBytes();
            // the answers are a few hundred bytes: matching each one's content type against the compression rules
            // took a tenth of the request threads' CPU (docs/benchmarks.md)
            config.http.disableCompression();
            config.jsonMapper(new JavalinJackson(json, false));
            config.jetty.threadPool = new QueuedThreadPool(settings.maxThreads(), Math.min(8, settings.maxThreads()));
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
        });
        app.events(events -> events.serverStopped(readiness::close));
        app.before(this::tagRequest);
        app.post("/voucher-order/seckill/{voucherId}", this::seckill);
        app.get("/voucher-order/{orderId}", this::order);
        app.post("/voucher/seckill", this::registerVoucher);
        app.get("/voucher/seckill/{voucherId}/stats", this::voucherStats);
        app.get("/health/live", ctx -> ctx.json(ApiResult.ok("UP")));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metricsScrape.get()));

        app.exception(ApiException.class, (e, ctx) -> fail(ctx, e.error, e.getMessage()));
        app.exception(ServiceUnavailableException.class, (e, ctx) -> unavailable(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, errorFor(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> internal(ctx, e));
        app.error(404, ctx -> failUnlessAnswered(ctx, ApiError.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
        app.error(405, ctx -> failUnlessAnswered(ctx, ApiError.METHOD_NOT_ALLOWED, "method not allowed: " + ctx.method() + " " + ctx.path()));
        return app;
    }

    private void tagRequest(Context ctx) {
        String given = ctx.header(REQUEST_ID);
        String id = given != null && GOOD_REQUEST_ID.matcher(given).matches()
                ? given : requestIdPrefix + requestIds.incrementAndGet();
        ctx.attribute(REQUEST_ID, id);
        ctx.header(REQUEST_ID, id);
    }

    private void seckill(Context ctx) {
        long started = System.nanoTime();
        VoucherId voucherId = new VoucherId(PathIds.parse("voucherId", ctx.pathParam("voucherId")));
        String token = token(ctx);
        CompletableFuture<SeckillOutcome> outcome = useCases.sessions().find(token)
                .thenCompose(session -> useCases.placeOrder().place(loggedIn(session).userId(), voucherId))
                .toCompletableFuture();
        if (outcome.isDone()) {
            // answered from memory (cached session, remembered SOLD_OUT): Jetty's async cycle would only cost time
            answerOutcome(ctx, outcome, started);
        } else {
            ctx.future(() -> outcome.handle((done, error) -> {
                answerOutcome(ctx, outcome, started);
                return null;
            }));
        }
    }

    /**
     * Answers the finished outcome: on the request thread when it was known at once, else on the thread that
     * finished it (the Redis client's event loop, which then writes the answer without another thread switch;
     * making the request thread wait instead cost more CPU per order, docs/benchmarks.md).
     */
    private void answerOutcome(Context ctx, CompletableFuture<SeckillOutcome> outcome, long started) {
        SeckillOutcome done;
        try {
            done = outcome.join();
        } catch (CompletionException | CancellationException e) {
            metrics.failed(errorOf(e), started);
            answerFailure(ctx, e);
            return;
        }
        answer(ctx, done, started);
    }

    private void answer(Context ctx, SeckillOutcome outcome, long started) {
        if (outcome instanceof SeckillOutcome.Accepted accepted) {
            metrics.accepted(started);
            ctx.json(ApiResult.ok(accepted.orderId().toString()));
        } else if (outcome instanceof SeckillOutcome.AlreadyOrdered held) {
            metrics.rejected(ApiError.ALREADY_ORDERED, started);
            ctx.status(ApiError.ALREADY_ORDERED.status).json(ApiResult.alreadyOrdered(held.orderId().toString()));
        } else {
            reject(ctx, ((SeckillOutcome.Rejected) outcome).reason(), started);
        }
    }

    private void reject(Context ctx, Rejection rejection, long started) {
        ApiError error = switch (rejection) {
            case SOLD_OUT -> ApiError.SOLD_OUT;
            case ALREADY_ORDERED -> ApiError.ALREADY_ORDERED;
            case NOT_STARTED -> ApiError.NOT_STARTED;
            case ENDED -> ApiError.ENDED;
            case UNKNOWN_VOUCHER -> ApiError.VOUCHER_NOT_FOUND;
        };
        String message = switch (rejection) {
            case SOLD_OUT -> "sold out";
            case ALREADY_ORDERED -> "you have already ordered this voucher";
            case NOT_STARTED -> "the sale has not started yet";
            case ENDED -> "the sale has ended";
            case UNKNOWN_VOUCHER -> "no seckill voucher with this id";
        };
        metrics.rejected(error, started);
        fail(ctx, error, message);
    }

    private void order(Context ctx) {
        OrderId orderId = new OrderId(PathIds.parse("orderId", ctx.pathParam("orderId")));
        UserSession session = loggedIn(join(useCases.sessions().find(token(ctx)).toCompletableFuture()));
        OrderView view = useCases.lookUpOrder().find(session.userId(), orderId)
                .orElseThrow(() -> new ApiException(ApiError.ORDER_NOT_FOUND, "no order " + orderId + " of yours"));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("orderId", view.orderId().toString());
        data.put("voucherId", view.voucherId().toString());
        data.put("userId", view.userId().toString());
        data.put("status", view.status().name());
        ctx.json(ApiResult.ok(data));
    }

    private void registerVoucher(Context ctx) {
        requireAdmin(ctx);
        VoucherBody body = parse(ctx.bodyAsBytes());
        VoucherId id = useCases.registerVoucher().register(body.toVoucher(settings.zone()));
        ctx.json(ApiResult.ok(id.toString()));
    }

    private void voucherStats(Context ctx) {
        requireAdmin(ctx);
        VoucherId voucherId = new VoucherId(PathIds.parse("voucherId", ctx.pathParam("voucherId")));
        VoucherStats stats = useCases.voucherStats().stats(voucherId)
                .orElseThrow(() -> new ApiException(ApiError.VOUCHER_NOT_FOUND, "no seckill voucher " + voucherId));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("voucherId", stats.voucherId().toString());
        data.put("initialStock", stats.initialStock());
        data.put("redisStock", stats.redisStock());
        data.put("reservedUsers", stats.reservedUsers());
        data.put("pendingOrders", stats.pendingOrders());
        data.put("dbStock", stats.dbStock());
        data.put("dbOrders", stats.dbOrders());
        data.put("dlqOrders", stats.dlqOrders());
        ctx.json(ApiResult.ok(data));
    }

    private void ready(Context ctx) {
        Map<String, String> states = readiness.states();
        List<String> down = states.entrySet().stream().filter(e -> e.getValue().equals("DOWN")).map(Map.Entry::getKey).toList();
        if (down.isEmpty()) {
            ctx.json(ApiResult.ok(states));
        } else {
            fail(ctx, ApiError.UNAVAILABLE, "not ready: " + String.join(", ", down) + " not answering");
        }
    }

    private VoucherBody parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(ApiError.BAD_REQUEST, "a JSON body is required");
        }
        try {
            VoucherBody parsed = json.readValue(body, VoucherBody.class);
            if (parsed == null) {
                throw new ApiException(ApiError.BAD_REQUEST, "a JSON object is required");
            }
            return parsed;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new ApiException(ApiError.BAD_REQUEST, field == null
                    ? "the body must be a JSON object" : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body could not be read");
        }
    }

    private static String token(Context ctx) {
        String header = ctx.header("authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(ApiError.UNAUTHORIZED, "the authorization header is missing: log in first");
        }
        return header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : header.trim();
    }

    private static UserSession loggedIn(Optional<UserSession> session) {
        return session.orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "the token is unknown or expired: log in again"));
    }

    private void requireAdmin(Context ctx) {
        if (adminTokenDigest == null) {
            throw new ApiException(ApiError.FORBIDDEN,
                    "admin endpoints are disabled: no admin token is configured (set SECKILL_ADMIN_TOKEN)");
        }
        String given = ctx.header("X-Admin-Token");
        // digests have equal lengths, so the comparison takes the same time whatever was given
        if (given == null || !MessageDigest.isEqual(sha256(given), adminTokenDigest)) {
            throw new ApiException(ApiError.UNAUTHORIZED, "the X-Admin-Token header is missing or wrong");
        }
    }

    private void answerFailure(Context ctx, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            fail(ctx, api.error, api.getMessage());
        } else if (cause instanceof ServiceUnavailableException unavailable) {
            unavailable(ctx, unavailable);
        } else {
            internal(ctx, cause);
        }
    }

    private static ApiError errorOf(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiException api) {
            return api.error;
        }
        return cause instanceof ServiceUnavailableException ? ApiError.UNAVAILABLE : ApiError.INTERNAL;
    }

    private void unavailable(Context ctx, ServiceUnavailableException e) {
        LOG.warn("request {} answered 503: {}", ctx.attribute(REQUEST_ID), e.getMessage());
        fail(ctx, ApiError.UNAVAILABLE, "a backing service is unavailable (" + e.service() + "), try again later");
    }

    private void internal(Context ctx, Throwable e) {
        String requestId = ctx.attribute(REQUEST_ID);
        LOG.error("request {} failed: {} {}", requestId, ctx.method(), ctx.path(), e);
        fail(ctx, ApiError.INTERNAL, "internal error (request id " + requestId + ")");
    }

    private static void fail(Context ctx, ApiError error, String message) {
        ctx.status(error.status).json(ApiResult.error(error, message));
    }

    private static void failUnlessAnswered(Context ctx, ApiError error, String message) {
        String body = ctx.result();
        if (body == null || !body.contains("\"code\"")) {
            fail(ctx, error, message);
        }
    }

    private static ApiError errorFor(int status) {
        return switch (status) {
            case 400 -> ApiError.BAD_REQUEST;
            case 401 -> ApiError.UNAUTHORIZED;
            case 403 -> ApiError.FORBIDDEN;
            case 404 -> ApiError.NOT_FOUND;
            case 405 -> ApiError.METHOD_NOT_ALLOWED;
            case 413 -> ApiError.PAYLOAD_TOO_LARGE;
            case 415 -> ApiError.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ApiError.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ApiError.BAD_REQUEST : ApiError.INTERNAL;
        };
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
