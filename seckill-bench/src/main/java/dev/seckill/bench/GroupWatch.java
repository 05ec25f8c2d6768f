package dev.seckill.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The run's consumer group as the broker sees it: who holds which partition of the orders and retry topics. The kill
 * drills ask it when the partitions of a killed instance are held by live members again, which is when recording
 * resumes.
 */
final class GroupWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Admin admin;
    private final String group;
    private final Set<String> topics;

    GroupWatch(RunResources resources) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                resources.kafkaServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                resources.name() + "-group-watch",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
        this.group = resources.consumerGroup();
        this.topics = Set.of(resources.ordersTopic(), resources.retryTopic());
    }

    /** The members now. */
    List<MemberDescription> members() {
        return describe().map(g -> List.copyOf(g.members())).orElse(List.of());
    }

    /** The member ids of the members now. */
    Set<String> memberIds() {
        Set<String> ids = new HashSet<>();
        members().forEach(m -> ids.add(m.consumerId()));
        return ids;
    }

    /**
     * Waits until every partition of the order topics is held by members that {@code live} accepts, and no member it
     * refuses holds one; returns how long that took, empty when it did not happen within {@code atMost}.
     */
    Optional<Duration> awaitHeldBy(Predicate<MemberDescription> live, Duration atMost) {
        long start = System.nanoTime();
        int partitions = partitions();
        long deadline = start + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (heldBy(live, partitions)) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return Optional.empty();
    }

    /** Waits until the static member {@code instanceId} holds a partition of the order topics; false when it did not. */
    boolean awaitHolding(String instanceId, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            boolean holds = members().stream()
                    .filter(m -> m.groupInstanceId().filter(instanceId::equals).isPresent())
                    .anyMatch(m -> m.assignment().topicPartitions().stream().anyMatch(p -> topics.contains(p.topic())));
            if (holds) {
                return true;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return false;
    }

    private int partitions() {
        try {
            return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .mapToInt(topic -> topic.partitions().size())
                    .sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the topics " + topics + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the topics " + topics, e);
        }
    }

    private boolean heldBy(Predicate<MemberDescription> live, int partitions) {
        Set<TopicPartition> held = new HashSet<>();
        for (MemberDescription member : members()) {
            Set<TopicPartition> own = new HashSet<>(member.assignment().topicPartitions());
            own.removeIf(p -> !topics.contains(p.topic()));
            if (!own.isEmpty() && !live.test(member)) {
                return false;
            }
            held.addAll(own);
        }
        return held.size() == partitions;
    }

    private Optional<ConsumerGroupDescription> describe() {
        try {
            return Optional.of(admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(5, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
