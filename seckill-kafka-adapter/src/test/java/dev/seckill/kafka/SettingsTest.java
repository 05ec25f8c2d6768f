package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreTheSpecsNames() {
        KafkaSettings settings = KafkaSettings.defaults("127.0.0.1:9092");

        assertThat(settings.topics().orders()).isEqualTo("seckill-orders");
        assertThat(settings.topics().retry()).isEqualTo("seckill-orders-retry");
        assertThat(settings.topics().deadLetters()).isEqualTo("seckill-orders-dlq");
        assertThat(settings.consumerGroup()).isEqualTo("seckill-order-consumers");
        assertThat(settings.topics().ordersPartitions()).isEqualTo(6);
        assertThat(settings.topics().replicationFactor())
                .as("chosen from the cluster")
                .isEqualTo(TopicSettings.AUTOMATIC);
        assertThat(settings.topics().resolvedFor(1).replicationFactor()).isEqualTo((short) 1);
        assertThat(settings.topics().resolvedFor(1).minInsyncReplicas()).isEqualTo((short) 1);
        assertThat(settings.topics().resolvedFor(3).replicationFactor()).isEqualTo((short) 3);
        assertThat(settings.topics().resolvedFor(3).minInsyncReplicas()).isEqualTo((short) 2);
        assertThat(settings.topics().resolvedFor(5).replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> TopicSettings.named("a", "a", "b")).hasMessageContaining("three different names");
        assertThatThrownBy(() -> KafkaSettings.defaults(" ")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> KafkaSettings.defaults("x:1").withMaxPollRecords(0))
                .hasMessageContaining("maxPollRecords");
        assertThatThrownBy(() -> KafkaSettings.defaults("x:1").withDeliveryTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("deliveryTimeout");
        assertThatThrownBy(() -> KafkaSettings.defaults("x:1").withSessionTimeout(Duration.ofSeconds(1)))
                .hasMessageContaining("sessionTimeout");
        assertThatThrownBy(() -> KafkaSettings.defaults("x:1").withGroupProtocol("eager"))
                .hasMessageContaining("groupProtocol");
        assertThatThrownBy(() -> new SigningSettings("k1", "short", List.of())).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> new SigningSettings("k 1", "x".repeat(32), List.of()))
                .hasMessageContaining("keyId");
        assertThatThrownBy(() -> new SigningSettings("k1", "x".repeat(32), List.of("k1:" + "y".repeat(32))))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> new SigningSettings("k1", "x".repeat(32), List.of("no-colon")))
                .hasMessageContaining("keyId:key");
    }
}
