package dev.seckill.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON of an order message, in the seed's field names; ids are strings because they exceed
 * JavaScript's 2^53, times are ISO-8601 instants. Every message the service writes carries the
 * signature of its order ({@link OrderSignatures}); a message read is an order only when that
 * signature holds.
 */
final class OrderMessages {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader READER = JSON.readerFor(OrderMessage.class);

    private final OrderSignatures signatures;

    OrderMessages(SigningSettings signing) {
        this.signatures = new OrderSignatures(signing);
    }

    record OrderMessage(
            String orderId,
            String userId,
            String voucherId,
            String createdAt,
            Integer retryCount,
            String nextRetryAt,
            String lastError,
            String keyId,
            String signature) {}

    /** The delivery as a message signed with the signing key. */
    byte[] encode(OrderDelivery delivery) {
        SeckillOrder order = delivery.order();
        OrderMessage message = new OrderMessage(
                order.orderId().toString(),
                order.userId().toString(),
                order.voucherId().toString(),
                order.createdAt().toString(),
                delivery.retryCount(),
                delivery.nextRetryAt() == null ? null : delivery.nextRetryAt().toString(),
                delivery.lastError(),
                signatures.keyId(),
                signatures.sign(order));
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write an order message", e);
        }
    }

    /**
     * The delivery in the message, when the service signed it; throws {@link UnreadableMessageException} saying why it
     * cannot be one (not an order message, or not signed by the service).
     */
    OrderDelivery decode(byte[] value) throws UnreadableMessageException {
        OrderMessage message = read(value);
        OrderDelivery delivery = delivery(message);
        String refusal = signatures.refusal(delivery.order(), message.keyId(), message.signature());
        if (refusal != null) {
            throw new UnreadableMessageException(refusal, null);
        }
        return delivery;
    }

    /** The delivery the message claims to be, signed or not: for looking at a record, never for trusting it. */
    static OrderDelivery claimed(byte[] value) throws UnreadableMessageException {
        return delivery(read(value));
    }

    private static OrderMessage read(byte[] value) throws UnreadableMessageException {
        if (value == null || value.length == 0) {
            throw new UnreadableMessageException("empty message", null);
        }
        OrderMessage message;
        try {
            message = READER.readValue(value);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new UnreadableMessageException("not an order message: " + why, e);
        }
        if (message == null) {
            throw new UnreadableMessageException("not an order message: null", null);
        }
        return message;
    }

    private static OrderDelivery delivery(OrderMessage message) throws UnreadableMessageException {
        try {
            SeckillOrder order = new SeckillOrder(
                    new OrderId(id("orderId", message.orderId())),
                    new UserId(id("userId", message.userId())),
                    new VoucherId(id("voucherId", message.voucherId())),
                    instant("createdAt", message.createdAt()));
            int retryCount = message.retryCount() == null ? 0 : message.retryCount();
            Instant nextRetryAt = message.nextRetryAt() == null ? null : instant("nextRetryAt", message.nextRetryAt());
            return new OrderDelivery(order, retryCount, nextRetryAt, message.lastError());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableMessageException("invalid order message: " + e.getMessage(), e);
        }
    }

    private static long id(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a 64-bit integer: " + value, e);
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + value, e);
        }
    }

    /** A message that can never become an order: it goes to the dead-letter queue at once. */
    static final class UnreadableMessageException extends Exception {

        UnreadableMessageException(String message, Throwable cause) {
            super(message, cause);
        }

        /** The class of what actually went wrong, for the dead-letter header. */
        String errorClass() {
            return getCause() == null
                    ? getClass().getName()
                    : getCause().getClass().getName();
        }
    }
}
