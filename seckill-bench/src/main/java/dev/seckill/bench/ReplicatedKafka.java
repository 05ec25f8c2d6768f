package dev.seckill.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;

/**
 * The three brokers of {@code ./seckill services up --ha}, as the broker drills see them: their addresses, and which
 * broker leads the partition a voucher's orders go to (the default partitioner's hash of the key). The ports come from
 * the script's variable, with its defaults.
 */
final class ReplicatedKafka implements AutoCloseable {

    private final Admin admin;

    ReplicatedKafka() {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "bench-broker-drills",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3_000));
    }

    static List<Integer> ports() {
        return Arrays.stream(System.getenv()
                        .getOrDefault("SECKILL_KAFKA_HA_PORTS", "19092 19093 19094")
                        .trim()
                        .split("[ ,]+"))
                .map(Integer::parseInt)
                .toList();
    }

    /** {@code 127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094}. */
    static String servers() {
        return ports().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The port of the broker leading the partition of {@code topic} that the voucher's orders go to; empty if none. */
    Optional<Integer> leaderFor(String topic, long voucherId) {
        try {
            TopicDescription described = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .get(topic);
            int partition =
                    Utils.toPositive(Utils.murmur2(Long.toString(voucherId).getBytes(StandardCharsets.UTF_8)))
                            % described.partitions().size();
            TopicPartitionInfo info = described.partitions().get(partition);
            return Optional.ofNullable(info.leader())
                    .filter(leader -> !leader.isEmpty())
                    .map(Node::port);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits until the voucher's partition has a leader other than {@code not}; how long it took, or empty. */
    Optional<Duration> awaitLeaderOtherThan(String topic, long voucherId, int not, Duration atMost) {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> leader = leaderFor(topic, voucherId);
            if (leader.isPresent() && leader.get() != not) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
