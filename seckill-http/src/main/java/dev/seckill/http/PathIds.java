package dev.seckill.http;

/** Path ids are positive 64-bit decimal integers; anything else is a 400 that names the parameter. */
final class PathIds {

    private PathIds() {}

    static long parse(String name, String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 19 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name, raw);
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw invalid(name, raw);
        }
        if (value <= 0) {
            throw invalid(name, raw);
        }
        return value;
    }

    private static ApiException invalid(String name, String raw) {
        String shown = raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return new ApiException(ApiError.BAD_REQUEST, name + " must be a positive 64-bit integer, got '" + shown + "'");
    }
}
