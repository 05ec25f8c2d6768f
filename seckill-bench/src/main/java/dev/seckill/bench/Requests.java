package dev.seckill.bench;

import java.nio.charset.StandardCharsets;

/** The load's HTTP/1.1 requests, encoded once before the run. */
final class Requests {

    private Requests() {}

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] seckill(long voucherId, String token) {
        return ("POST /voucher-order/seckill/" + voucherId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nauthorization: " + token
                        + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
