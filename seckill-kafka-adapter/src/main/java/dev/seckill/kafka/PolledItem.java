package dev.seckill.kafka;

import dev.seckill.domain.model.OrderDelivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One polled record: the delivery in it, or why it cannot be one. */
record PolledItem(
        ConsumerRecord<String, byte[]> record,
        OrderDelivery delivery,
        OrderMessages.UnreadableMessageException unreadable) {

    static PolledItem read(ConsumerRecord<String, byte[]> record, OrderMessages messages) {
        try {
            return new PolledItem(record, messages.decode(record.value()), null);
        } catch (OrderMessages.UnreadableMessageException e) {
            return new PolledItem(record, null, e);
        }
    }

    TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }
}
