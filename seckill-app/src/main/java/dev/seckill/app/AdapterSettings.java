package dev.seckill.app;

import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.kafka.KafkaSettings;
import dev.seckill.kafka.TopicSettings;
import dev.seckill.mysql.MySqlSettings;
import java.time.Duration;

/** The adapters' settings and the use cases' timings, made from the configuration. */
final class AdapterSettings {

    private static final Duration RESTORE_SETTLE_MARGIN = Duration.ofSeconds(6);
    private static final Duration RESTORE_LEASE = Duration.ofSeconds(30);
    private static final Duration RESTORE_PATIENCE = Duration.ofMinutes(10);
    private static final Duration RESTORE_RETRY_AFTER = Duration.ofSeconds(1);

    private AdapterSettings() {
    }

    static MySqlSettings mysql(SeckillConfig.Mysql mysql) {
        MySqlSettings defaults = MySqlSettings.defaults();
        return new MySqlSettings(mysql.url(), mysql.user(), mysql.password(), mysql.poolSize(),
                Duration.ofMillis(mysql.connectionTimeoutMs()), defaults.socketTimeout(), defaults.lockWaitTimeout(),
                mysql.rewriteBatchedStatements(), mysql.cachePrepStmts(), mysql.prepStmtCacheSize(),
                defaults.prepStmtCacheSqlLimit(), mysql.useServerPrepStmts(), defaults.catalogueCacheTtl());
    }

    static KafkaSettings kafka(SeckillConfig.Kafka kafka) {
        return KafkaSettings.defaults(kafka.bootstrapServers())
                .withTopics(new TopicSettings(kafka.ordersTopic(), kafka.partitions(), kafka.retryTopic(), kafka.partitions(),
                        kafka.dlqTopic(), 1, (short) kafka.replicationFactor())
                        .withDurability((short) kafka.minInsyncReplicas(), Duration.ofHours(kafka.retentionHours()),
                                Duration.ofHours(kafka.dlqRetentionHours())))
                .withConsumerGroup(kafka.consumerGroup())
                .withMaxPollRecords(kafka.maxPollRecords())
                .withDeliveryTimeout(Duration.ofMillis(kafka.deliveryTimeoutMs()));
    }

    /**
     * A lost sale is restored only after every publish that was in flight at the loss has landed or
     * failed: the producer's delivery timeout, plus what it may block for metadata and queue.
     */
    static RestoreSaleService.Timing restore(KafkaSettings kafka) {
        return new RestoreSaleService.Timing(kafka.deliveryTimeout().plus(RESTORE_SETTLE_MARGIN), RESTORE_LEASE, RESTORE_PATIENCE,
                RESTORE_RETRY_AFTER);
    }
}
