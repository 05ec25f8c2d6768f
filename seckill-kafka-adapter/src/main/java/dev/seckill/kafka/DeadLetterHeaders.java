package dev.seckill.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead-letter record: where it came from, what went wrong, how often it was tried. */
final class DeadLetterHeaders {

    static final String ORIGINAL_TOPIC = "seckill-original-topic";
    static final String ORIGINAL_PARTITION = "seckill-original-partition";
    static final String ORIGINAL_OFFSET = "seckill-original-offset";
    static final String EXCEPTION_CLASS = "seckill-exception-class";
    static final String EXCEPTION_MESSAGE = "seckill-exception-message";
    static final String ATTEMPTS = "seckill-attempts";

    /** The error class of an order the ledger failed to record: the domain reports that as a value, not an exception. */
    static final String ORDER_NOT_RECORDED = "dev.seckill.domain.model.RecordOutcome.FAILED";

    private static final int MAX_MESSAGE_LENGTH = 2_000;

    private DeadLetterHeaders() {}

    static Headers of(
            String topic, int partition, long offset, String exceptionClass, String exceptionMessage, int attempts) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, ORIGINAL_TOPIC, topic);
        add(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        add(headers, ORIGINAL_OFFSET, Long.toString(offset));
        add(headers, EXCEPTION_CLASS, exceptionClass);
        add(headers, EXCEPTION_MESSAGE, truncate(exceptionMessage == null ? "" : exceptionMessage));
        add(headers, ATTEMPTS, Integer.toString(attempts));
        return headers;
    }

    static Optional<String> text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    static long number(Headers headers, String name) {
        try {
            return text(headers, name).map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}
