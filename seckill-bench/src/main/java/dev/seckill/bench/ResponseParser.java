package dev.seckill.bench;

import java.nio.charset.StandardCharsets;

/**
 * Finds one complete HTTP/1.1 response at the start of a connection's received bytes: its status,
 * where its body is, and whether the server closes the connection afterwards. Only what the
 * load generator needs: {@code Content-Length} and chunked bodies, no trailers, no 1xx.
 */
final class ResponseParser {

    /** A complete response: {@code length} bytes from the start of the buffer. */
    record Response(int status, int bodyStart, int bodyEnd, int length, boolean close) {}

    /** Thrown when the bytes are not an HTTP/1.1 response this parser understands. */
    static final class MalformedResponseException extends Exception {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);

    private ResponseParser() {}

    /** The response that {@code buf[0, length)} starts with, or null when more bytes are needed. */
    static Response parse(byte[] buf, int length) throws MalformedResponseException {
        int headersEnd = indexOfBlankLine(buf, length);
        if (headersEnd < 0) {
            return null;
        }
        if (length < 12 || !startsWith(buf, 0, "HTTP/1.")) {
            throw new MalformedResponseException("not an HTTP/1.x status line");
        }
        int status = digit(buf[9]) * 100 + digit(buf[10]) * 10 + digit(buf[11]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = buf[7] == '0';
        int line = lineEnd(buf, 0, headersEnd) + 2;
        while (line < headersEnd) {
            int end = lineEnd(buf, line, headersEnd);
            if (startsWithIgnoreCase(buf, line, end, CONTENT_LENGTH)) {
                contentLength = parseDecimal(buf, line + CONTENT_LENGTH.length, end);
            } else if (startsWithIgnoreCase(buf, line, end, TRANSFER_ENCODING)) {
                chunked = containsIgnoreCase(buf, line + TRANSFER_ENCODING.length, end, CHUNKED);
            } else if (startsWithIgnoreCase(buf, line, end, CONNECTION)) {
                close = containsIgnoreCase(buf, line + CONNECTION.length, end, CLOSE);
            }
            line = end + 2;
        }
        int bodyStart = headersEnd + 4;
        if (chunked) {
            return chunkedResponse(buf, length, status, bodyStart, close);
        }
        if (contentLength < 0) {
            if (status == 204 || status == 304) {
                return new Response(status, bodyStart, bodyStart, bodyStart, close);
            }
            throw new MalformedResponseException("a response without Content-Length or chunked encoding");
        }
        long end = bodyStart + contentLength;
        if (end > buf.length) {
            throw new MalformedResponseException("a body of " + contentLength + " bytes is larger than the buffer");
        }
        return end <= length ? new Response(status, bodyStart, (int) end, (int) end, close) : null;
    }

    /** The body's chunks are read in place: the span from the first chunk's data to the last one's end is the body. */
    private static Response chunkedResponse(byte[] buf, int length, int status, int bodyStart, boolean close)
            throws MalformedResponseException {
        int pos = bodyStart;
        int dataStart = -1;
        int dataEnd = bodyStart;
        while (true) {
            int sizeEnd = indexOfCrlf(buf, pos, length);
            if (sizeEnd < 0) {
                return null;
            }
            int size = parseHex(buf, pos, sizeEnd);
            int data = sizeEnd + 2;
            if (size == 0) {
                // no trailers: the last chunk is followed by an empty line
                if (data + 2 > length) {
                    return null;
                }
                if (buf[data] != '\r' || buf[data + 1] != '\n') {
                    throw new MalformedResponseException("trailers after a chunked body are not supported");
                }
                return new Response(status, dataStart < 0 ? bodyStart : dataStart, dataEnd, data + 2, close);
            }
            if (data + size + 2 > buf.length) {
                throw new MalformedResponseException("a chunk of " + size + " bytes is larger than the buffer");
            }
            if (data + size + 2 > length) {
                return null;
            }
            if (dataStart < 0) {
                dataStart = data;
            }
            dataEnd = data + size;
            pos = data + size + 2;
        }
    }

    /**
     * The string value of {@code "name":"value"} in a compact JSON body, or null. Enough for the
     * server's own answers ({@code code}, {@code data}), whose values never contain quotes.
     */
    static String jsonString(byte[] buf, int from, int to, String name) {
        byte[] key = ('"' + name + '"').getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + key.length <= to; i++) {
            for (int k = 0; k < key.length; k++) {
                if (buf[i + k] != key[k]) {
                    continue outer;
                }
            }
            int p = i + key.length;
            while (p < to && (buf[p] == ' ' || buf[p] == ':')) {
                p++;
            }
            if (p >= to || buf[p] != '"') {
                return null;
            }
            int start = ++p;
            while (p < to && buf[p] != '"') {
                p++;
            }
            return p < to ? new String(buf, start, p - start, StandardCharsets.UTF_8) : null;
        }
        return null;
    }

    private static int indexOfBlankLine(byte[] buf, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfCrlf(byte[] buf, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] buf, int from, int headersEnd) {
        int end = indexOfCrlf(buf, from, headersEnd + 2);
        return end < 0 ? headersEnd : end;
    }

    private static boolean startsWith(byte[] buf, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] buf, int from, int end, byte[] lowerPrefix) {
        if (end - from < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            if (lower(buf[from + i]) != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] buf, int from, int end, byte[] lowerWord) {
        outer:
        for (int i = from; i + lowerWord.length <= end; i++) {
            for (int k = 0; k < lowerWord.length; k++) {
                if (lower(buf[i + k]) != lowerWord[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static int digit(byte b) throws MalformedResponseException {
        if (b < '0' || b > '9') {
            throw new MalformedResponseException("the status code is not three digits");
        }
        return b - '0';
    }

    private static long parseDecimal(byte[] buf, int from, int end) throws MalformedResponseException {
        long value = 0;
        boolean any = false;
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (b == ' ' || b == '\t') {
                continue;
            }
            if (b < '0' || b > '9' || value > Integer.MAX_VALUE) {
                throw new MalformedResponseException("a bad Content-Length");
            }
            value = value * 10 + (b - '0');
            any = true;
        }
        if (!any) {
            throw new MalformedResponseException("an empty Content-Length");
        }
        return value;
    }

    private static int parseHex(byte[] buf, int from, int end) throws MalformedResponseException {
        int value = 0;
        boolean any = false;
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (b == ';') {
                break;
            }
            int d = b >= '0' && b <= '9'
                    ? b - '0'
                    : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
            if (d < 0 || value > (Integer.MAX_VALUE >> 4)) {
                throw new MalformedResponseException("a bad chunk size");
            }
            value = (value << 4) | d;
            any = true;
        }
        if (!any) {
            throw new MalformedResponseException("an empty chunk size");
        }
        return value;
    }
}
