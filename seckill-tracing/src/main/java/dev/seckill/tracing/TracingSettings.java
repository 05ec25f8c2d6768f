package dev.seckill.tracing;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * OpenTelemetry traces of each order, from the request to its write (off unless {@code enabled}): spans are sent by
 * OTLP over HTTP to {@code endpoint} (a collector's base URL, {@code /v1/traces} is added) under {@code serviceName};
 * {@code sampleRatio} of the requests' traces are kept. The app's {@code tracing:} section binds straight into it.
 */
public record TracingSettings(boolean enabled, String endpoint, String serviceName, double sampleRatio) {

    public static final TracingSettings DEFAULTS = new TracingSettings(false, "http://127.0.0.1:4318", "seckill", 1.0);

    public TracingSettings {
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("serviceName is required");
        }
        if (!httpUrl(endpoint)) {
            throw new IllegalArgumentException(
                    "endpoint must be an http or https URL such as http://127.0.0.1:4318, got '" + endpoint + "'");
        }
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sampleRatio must be between 0 and 1, got " + sampleRatio);
        }
    }

    /** Where the spans are sent: the OTLP/HTTP traces path under {@link #endpoint}. */
    public String tracesUrl() {
        return endpoint.replaceAll("/+$", "") + "/v1/traces";
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text == null ? "" : text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
