package dev.seckill.app;

import dev.seckill.tracing.TracingSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry the adapters are given: {@link OpenTelemetry#noop()} when tracing is off (they
 * then make no spans and carry no context), else the SDK sending batches of spans by OTLP/HTTP, with
 * W3C trace-context propagation. Not registered globally: each app in a JVM (the tests') has its own.
 */
final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final long CLOSE_SECONDS = 10;

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    static Telemetry open(TracingSettings settings) {
        if (!settings.enabled()) {
            return new Telemetry(OpenTelemetry.noop(), null);
        }
        LOG.info(
                "tracing on: spans to {} as {}, {} of the traces kept",
                settings.tracesUrl(),
                settings.serviceName(),
                settings.sampleRatio());
        return open(
                settings,
                OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).build());
    }

    /** Tracing on, whatever {@code settings} says, with spans to {@code exporter}: the tests' way to read them. */
    static Telemetry open(TracingSettings settings, SpanExporter exporter) {
        SdkTracerProvider tracers = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName()))))
                // a request that came with a trace follows its caller's choice; the others are sampled at the ratio
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracers)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Telemetry(sdk, sdk);
    }

    OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Sends the spans still batched, then stops. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(CLOSE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
