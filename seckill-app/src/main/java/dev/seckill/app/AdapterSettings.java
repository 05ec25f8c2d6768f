package dev.seckill.app;

import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.kafka.KafkaSettings;
import java.time.Duration;

/** The use cases' timings that follow from the adapters' settings. */
final class AdapterSettings {

    private static final Duration RESTORE_SETTLE_MARGIN = Duration.ofSeconds(6);
    private static final Duration RESTORE_LEASE = Duration.ofSeconds(30);
    private static final Duration RESTORE_PATIENCE = Duration.ofMinutes(10);
    private static final Duration RESTORE_RETRY_AFTER = Duration.ofSeconds(1);

    private AdapterSettings() {}

    /**
     * A lost sale is restored only after every publish that was in flight at the loss has landed or
     * failed: the producer's delivery timeout, plus what it may block for metadata and queue.
     */
    static RestoreSaleService.Timing restore(KafkaSettings kafka) {
        return new RestoreSaleService.Timing(
                kafka.deliveryTimeout().plus(RESTORE_SETTLE_MARGIN),
                RESTORE_LEASE,
                RESTORE_PATIENCE,
                RESTORE_RETRY_AFTER);
    }
}
