package dev.seckill.http;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Each request's id: the client's {@code X-Request-Id} when well-formed, else one of ours; echoed in the answer. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    // unlike across restarts of this instance and across instances started at other times
    private final String prefix = Long.toString(System.nanoTime() & 0xFFFFFF, 36) + "-";
    private final AtomicLong next = new AtomicLong();

    void tag(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && WELL_FORMED.matcher(given).matches() ? given : prefix + next.incrementAndGet();
        ctx.attribute(HEADER, id);
        ctx.header(HEADER, id);
    }

    static String of(Context ctx) {
        return ctx.attribute(HEADER);
    }
}
