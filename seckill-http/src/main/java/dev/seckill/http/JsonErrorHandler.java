package dev.seckill.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers itself, before Javalin sees the request (a URI it cannot decode, say): the
 * same JSON failure body as every other answer, never Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** A request Jetty's parser refused (a bad URI, a bad header): answered before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        byte[] body = body(code);
        baseRequest.setHandled(true);
        response.setContentType("application/json;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] body(int status) {
        ApiError error = status >= 500
                ? ApiError.INTERNAL
                : status == 404
                        ? ApiError.NOT_FOUND
                        : status == 413 ? ApiError.PAYLOAD_TOO_LARGE : ApiError.BAD_REQUEST;
        String reason = status >= 500 ? "internal error" : "the request cannot be read (HTTP " + status + ")";
        return ("{\"success\":false,\"errorMsg\":\"" + reason + "\",\"code\":\"" + error.name() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
