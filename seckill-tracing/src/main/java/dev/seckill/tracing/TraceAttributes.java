package dev.seckill.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attributes the adapters set: OpenTelemetry's semantic-convention names (the stable
 * {@code db.*} and {@code http.*} ones, the {@code messaging.*} ones of the current conventions),
 * and ours under {@code seckill.*}, by which one order's spans are found.
 */
public final class TraceAttributes {

    public static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    public static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
    public static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    public static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION_NAME =
            AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_DESTINATION_PARTITION_ID =
            AttributeKey.stringKey("messaging.destination.partition.id");
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
            AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_OPERATION_NAME =
            AttributeKey.stringKey("messaging.operation.name");
    public static final AttributeKey<String> MESSAGING_KAFKA_MESSAGE_KEY =
            AttributeKey.stringKey("messaging.kafka.message.key");
    public static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    public static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
            AttributeKey.longKey("http.response.status_code");

    /** The order a span worked on: one order's trace is found by it. */
    public static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("seckill.order.id");

    public static final AttributeKey<String> VOUCHER_ID = AttributeKey.stringKey("seckill.voucher.id");
    /** What became of the order in this span: the reservation's answer, the ledger's outcome, the consumer's disposition. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("seckill.outcome");

    private TraceAttributes() {}
}
