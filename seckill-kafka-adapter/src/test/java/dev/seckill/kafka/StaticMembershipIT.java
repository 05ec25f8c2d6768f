package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.port.in.RecordOrders;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The order consumers' group membership on the real broker: a member that stops without leaving (a crashed instance)
 * and comes back under its instance id takes its partitions back at once; one that never comes back loses them to the
 * live members after the session timeout; a graceful stop hands them over at once.
 */
class StaticMembershipIT {

    private static final Duration SESSION = Duration.ofSeconds(6);
    // well below the session timeout: what "at once" means here
    private static final Duration AT_ONCE = Duration.ofSeconds(4);

    /** A raw member of the group, polling on a thread of its own, that can stop as a crash would: without leaving. */
    private static final class Member implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
        private final Thread poller;
        private volatile boolean running = true;
        private volatile CloseOptions.GroupMembershipOperation onClose =
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP;

        Member(KafkaSettings settings, String instanceId) {
            consumer = new KafkaConsumer<>(ClientConfigs.consumer(settings.withInstanceId(instanceId), instanceId));
            consumer.subscribe(List.of(settings.topics().orders()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    owned.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    owned.addAll(partitions);
                }
            });
            poller = new Thread(
                    () -> {
                        while (running) {
                            consumer.poll(Duration.ofMillis(100));
                        }
                        consumer.close(CloseOptions.groupMembershipOperation(onClose));
                    },
                    "member-" + instanceId);
            poller.start();
        }

        Set<Integer> partitions() {
            return owned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        }

        /** Stops heartbeating without leaving the group, as a killed process does. */
        void crash() throws InterruptedException {
            onClose = CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
            close();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            poller.join(Duration.ofSeconds(30).toMillis());
        }
    }

    private static KafkaSettings settings(OrderFlow flow) {
        return flow.kafka.withSessionTimeout(SESSION);
    }

    private static void awaitSplit(Member a, Member b, int partitions) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !a.partitions().isEmpty()
                        && !b.partitions().isEmpty()
                        && a.partitions().size() + b.partitions().size() == partitions);
    }

    @Test
    void aRestartedMemberTakesItsPartitionsBackAtOnceAndTheOtherKeepsItsOwn() throws Exception {
        try (OrderFlow flow = new OrderFlow()) {
            int partitions = flow.kafka.topics().ordersPartitions();
            Member a = new Member(settings(flow), flow.name + "-a");
            try (Member b = new Member(settings(flow), flow.name + "-b")) {
                awaitSplit(a, b, partitions);
                Set<Integer> ofA = a.partitions();
                Set<Integer> ofB = b.partitions();

                a.crash();
                long restarted = System.nanoTime();
                try (Member again = new Member(settings(flow), flow.name + "-a")) {
                    await().atMost(AT_ONCE).until(() -> again.partitions().equals(ofA));
                    Duration took = Duration.ofNanos(System.nanoTime() - restarted);

                    assertThat(took).as("back well within the session timeout").isLessThan(SESSION);
                    assertThat(b.partitions())
                            .as("no rebalance: the other member kept its own")
                            .isEqualTo(ofB);
                }
            }
        }
    }

    @Test
    void aMemberThatNeverComesBackLosesItsPartitionsAfterTheSessionTimeout() throws Exception {
        try (OrderFlow flow = new OrderFlow()) {
            int partitions = flow.kafka.topics().ordersPartitions();
            Member a = new Member(settings(flow), flow.name + "-a");
            try (Member b = new Member(settings(flow), flow.name + "-b")) {
                awaitSplit(a, b, partitions);

                a.crash();
                long crashed = System.nanoTime();
                await().atMost(SESSION.plusSeconds(10))
                        .until(() -> b.partitions().size() == partitions);
                Duration took = Duration.ofNanos(System.nanoTime() - crashed);

                assertThat(took)
                        .as("moved by the session timeout, not at once")
                        .isGreaterThan(SESSION.minusSeconds(2))
                        .isLessThan(SESSION.plusSeconds(10));
            }
        }
    }

    @Test
    void aGracefulStopOfTheOrderConsumerHandsItsPartitionsOverAtOnce() throws Exception {
        try (OrderFlow flow = new OrderFlow()) {
            int partitions = flow.kafka.topics().ordersPartitions();
            RecordOrders nothingToRecord = new RecordOrders() {
                @Override
                public List<Disposition> record(List<OrderDelivery> deliveries) {
                    return deliveries.stream()
                            .map(delivery -> Disposition.done(delivery, Disposition.Kind.CREATED))
                            .toList();
                }

                @Override
                public void deadLettered(OrderDelivery delivery) {}
            };
            KafkaOrderConsumer stopping = new KafkaOrderConsumer(
                    settings(flow).withInstanceId(flow.name + "-a"), nothingToRecord, Clock.systemUTC(), flow.meters);
            stopping.start();
            try (Member b = new Member(settings(flow), flow.name + "-b")) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !b.partitions().isEmpty() && b.partitions().size() < partitions);

                stopping.close();
                long stopped = System.nanoTime();
                await().atMost(AT_ONCE).until(() -> b.partitions().size() == partitions);

                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(SESSION);
            }
        }
    }
}
