package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class ConsumerGroupIT {

    @Test
    void twoConsumersShareThePartitionsAndCreateEveryOrderOnce() throws Exception {
        try (OrderFlow flow = new OrderFlow();
                Admin admin = Admin.create(ClientConfigs.admin(flow.kafka, flow.name + "-admin"))) {
            int partitions = flow.kafka.topics().ordersPartitions();
            // vouchers until every partition of the main topic has one, so that both consumers get work
            List<VoucherId> vouchers = new ArrayList<>();
            Set<Integer> covered = new HashSet<>();
            while (covered.size() < partitions && vouchers.size() < 100) {
                VoucherId voucher = flow.voucher(50);
                vouchers.add(voucher);
                covered.add(Utils.toPositive(Utils.murmur2(voucher.toString().getBytes(StandardCharsets.UTF_8)))
                        % partitions);
            }
            assertThat(covered).hasSize(partitions);
            Attempts first = new Attempts(flow.recordOrders(0, new RecordingAlerts()));
            Attempts second = new Attempts(flow.recordOrders(0, new RecordingAlerts()));
            flow.consumer(first);
            flow.consumer(second);
            await().atMost(Duration.ofSeconds(30)).until(() -> membersWithPartitions(admin, flow) == 2);

            List<OrderId> orders = new ArrayList<>();
            long user = 1;
            for (VoucherId voucher : vouchers) {
                for (int i = 0; i < 10; i++) {
                    orders.add(flow.place(user++, voucher));
                }
            }

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> vouchers.stream()
                                    .mapToLong(
                                            voucher -> flow.ledgerStats(voucher).orders())
                                    .sum()
                            == orders.size());
            assertThat(first.deliveries()).isPositive();
            assertThat(second.deliveries()).isPositive();
            assertThat(first.deliveries() + second.deliveries()).isEqualTo(orders.size());
            assertThat(flow.counter("seckill.orders.consumed", "outcome", "created"))
                    .isEqualTo(orders.size());
            for (VoucherId voucher : vouchers) {
                assertThat(flow.ledgerStats(voucher).stock()).isEqualTo(40);
                assertThat(flow.redisStats(voucher).stock()).isEqualTo(40);
            }
        }
    }

    private static long membersWithPartitions(Admin admin, OrderFlow flow) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(flow.kafka.consumerGroup()))
                .describedGroups()
                .get(flow.kafka.consumerGroup())
                .get(10, TimeUnit.SECONDS);
        return group.members().stream()
                .map(MemberDescription::assignment)
                .filter(assignment -> assignment.topicPartitions().stream()
                        .anyMatch(partition ->
                                partition.topic().equals(flow.kafka.topics().orders())))
                .count();
    }
}
