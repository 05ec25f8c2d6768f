package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    // an HTTP answer byte for byte: its \r\n line ends and trailing blanks read better escaped than in a text block
    @SuppressWarnings("StringConcatToTextBlock")
    private static final String SOLD_OUT = "HTTP/1.1 409 Conflict\r\nDate: Thu, 26 Nov 2026 12:00:00 GMT\r\n"
            + "Content-Type: application/json\r\nX-Request-Id: ab-1\r\nContent-Length: 61\r\n\r\n"
            + "{\"success\":false,\"errorMsg\":\"sold out\",\"code\":\"SOLD_OUT\"}    ";

    private static byte[] bytes(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 4096);
    }

    private static int length(String text) {
        return text.getBytes(StandardCharsets.US_ASCII).length;
    }

    @Test
    void readsStatusAndBodyByContentLength() throws Exception {
        byte[] buf = bytes(SOLD_OUT);

        ResponseParser.Response response = ResponseParser.parse(buf, length(SOLD_OUT));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.length()).isEqualTo(length(SOLD_OUT));
        assertThat(response.close()).isFalse();
        assertThat(ResponseParser.jsonString(buf, response.bodyStart(), response.bodyEnd(), "code"))
                .isEqualTo("SOLD_OUT");
        assertThat(ResponseParser.jsonString(buf, response.bodyStart(), response.bodyEnd(), "data"))
                .isNull();
    }

    @Test
    void waitsForTheRestOfAResponse() throws Exception {
        byte[] buf = bytes(SOLD_OUT);

        assertThat(ResponseParser.parse(buf, 20)).as("inside the headers").isNull();
        assertThat(ResponseParser.parse(buf, length(SOLD_OUT) - 1))
                .as("one body byte short")
                .isNull();
    }

    @Test
    void readsAChunkedBodyAndTheOrderId() throws Exception {
        String body = "{\"success\":true,\"data\":\"281474976710656123\"}";
        String text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        byte[] buf = bytes(text);

        ResponseParser.Response response = ResponseParser.parse(buf, length(text));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.close()).isTrue();
        assertThat(response.length()).isEqualTo(length(text));
        assertThat(ResponseParser.jsonString(buf, response.bodyStart(), response.bodyEnd(), "data"))
                .isEqualTo("281474976710656123");
        assertThat(ResponseParser.parse(buf, length(text) - 2))
                .as("the final empty line missing")
                .isNull();
    }

    @Test
    void http10ClosesByDefault() throws Exception {
        String text = "HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok";

        assertThat(ResponseParser.parse(bytes(text), length(text)).close()).isTrue();
    }

    @Test
    void refusesWhatIsNotAResponse() {
        String garbage = "SSH-2.0-OpenSSH\r\n\r\n";
        String noLength = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nabc";

        assertThatThrownBy(() -> ResponseParser.parse(bytes(garbage), length(garbage)))
                .isInstanceOf(ResponseParser.MalformedResponseException.class);
        assertThatThrownBy(() -> ResponseParser.parse(bytes(noLength), length(noLength)))
                .hasMessageContaining("Content-Length");
    }
}
