package dev.seckill.bench;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.SaleCopy;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.redis.RedisStockReservations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a sale where it is stored — the database over JDBC, Redis through the adapter, the DLQ
 * topic through Kafka's admin client — independently of the server under test, and gathers the
 * {@link Audit.Facts}.
 */
final class SaleInspector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SaleInspector.class);
    private static final int MISSING_EXAMPLES = 5;

    private final RunResources resources;
    private final RedisStockReservations reservations;
    private Connection db;

    SaleInspector(RunResources resources, RedisStockReservations reservations) {
        this.resources = resources;
        this.reservations = reservations;
    }

    /** Orders of the voucher in {@code tb_voucher_order}; throws {@link SQLException} while the DB is down. */
    long dbOrders(long voucherId) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM tb_voucher_order WHERE voucher_id = ?", voucherId);
    }

    /**
     * Units the database has sold of the voucher ({@code initial_stock - stock}): the same number
     * as {@link #dbOrders} (both change in one transaction), but a primary-key read instead of a
     * count, so that polling it while the consumer drains takes no CPU from the database.
     */
    long dbSold(long voucherId) throws SQLException {
        return queryLong("SELECT initial_stock - stock FROM tb_seckill_voucher WHERE voucher_id = ?", voucherId);
    }

    /** Orders of the voucher in {@code tb_failed_order} (dead-lettered). */
    long failedOrders(long voucherId) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM tb_failed_order WHERE voucher_id = ?", voucherId);
    }

    /** How the database commits: {@code innodb_flush_log_at_trx_commit}, which a benchmark must state when relaxed. */
    String commitDurability() {
        try (Statement statement = connection().createStatement();
                ResultSet result = statement.executeQuery("SELECT @@innodb_flush_log_at_trx_commit")) {
            int value = result.next() ? result.getInt(1) : -1;
            return "innodb_flush_log_at_trx_commit=" + value
                    + (value == 1 ? " (durable commits)" : " (RELAXED: a crash may lose commits)");
        } catch (SQLException e) {
            reset();
            return "innodb_flush_log_at_trx_commit unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Pending orders, the Redis stock, the units the DB sold and the dead-lettered orders, all by
     * key or a small indexed count; empty while a service does not answer.
     */
    Optional<StatsSampler.Sample> sample(long voucherId) {
        try {
            ReservationStats redis = redisStats(voucherId);
            long sold = dbSold(voucherId);
            long failed = failedOrders(voucherId);
            return Optional.of(
                    new StatsSampler.Sample(System.nanoTime(), redis.pendingOrders(), sold, failed, redis.stock()));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("sampling the sale failed (a service may be down): {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Another inspector of the same run, with a DB connection of its own: for another thread. */
    SaleInspector another() {
        return new SaleInspector(resources, reservations);
    }

    /** What Redis holds for the sale. */
    /** Whether Redis's copy of the sale is sound (not missing, not left behind by a failover). */
    boolean saleSound(long voucherId) {
        try {
            return reservations.saleCopy(new VoucherId(voucherId)) == SaleCopy.SOUND;
        } catch (RuntimeException e) {
            return false;
        }
    }

    ReservationStats redisStats(long voucherId) {
        return reservations
                .stats(new VoucherId(voucherId))
                .orElseThrow(() -> new IllegalStateException(
                        "Redis holds no sale for voucher " + voucherId + " under prefix " + resources.keyPrefix()));
    }

    /**
     * The facts of the audit.
     *
     * @param accepts    the orders answered 200
     * @param userOfSlot the user id behind a load slot
     */
    Audit.Facts facts(
            Audit.Expectation expectation,
            boolean lossCounted,
            long voucherId,
            long initialStock,
            List<LoadRecorder.Accept> accepts,
            IntToLongFunction userOfSlot)
            throws SQLException {
        // every recorded order, paid or cancelled too (none is lost), and those not cancelled (they hold a unit)
        Map<Long, Long> created =
                orderUsers("SELECT id, user_id FROM tb_voucher_order WHERE voucher_id = ?", voucherId);
        Map<Long, Long> holding =
                orderUsers("SELECT id, user_id FROM tb_voucher_order WHERE voucher_id = ? AND status <> 4", voucherId);
        Map<Long, Long> failed =
                orderUsers("SELECT order_id, user_id FROM tb_failed_order WHERE voucher_id = ?", voucherId);
        long duplicates = queryLong(
                "SELECT COUNT(*) FROM (SELECT user_id FROM tb_voucher_order WHERE voucher_id = ? AND status <> 4"
                        + " GROUP BY user_id HAVING COUNT(*) > 1) d",
                voucherId);
        long dbStock = queryLong("SELECT stock FROM tb_seckill_voucher WHERE voucher_id = ?", voucherId);

        Set<Long> acceptedIds = new HashSet<>();
        Map<Long, Integer> acceptsByUser = new HashMap<>();
        Map<Long, Integer> keptByUser = new HashMap<>();
        for (LoadRecorder.Accept accept : accepts) {
            acceptedIds.add(accept.orderId());
            long user = userOfSlot.applyAsLong(accept.slot());
            acceptsByUser.merge(user, 1, Integer::sum);
            // a cancelled order holds nothing: its buyer may be answered 200 again
            if (holding.containsKey(accept.orderId()) || failed.containsKey(accept.orderId())) {
                keptByUser.merge(user, 1, Integer::sum);
            }
        }
        long usersTwice = acceptsByUser.values().stream().filter(n -> n > 1).count();
        long usersTwiceKept = keptByUser.values().stream().filter(n -> n > 1).count();
        long acceptedCreated = acceptedIds.stream().filter(created::containsKey).count();
        long acceptedFailed = acceptedIds.stream().filter(failed::containsKey).count();
        List<Long> missing = acceptedIds.stream()
                .filter(id -> !created.containsKey(id) && !failed.containsKey(id))
                .sorted()
                .toList();
        long unanswered = created.keySet().stream()
                .filter(id -> !acceptedIds.contains(id))
                .count();

        VoucherId voucher = new VoucherId(voucherId);
        ReservationStats redis = redisStats(voucherId);
        Map<UserId, OrderId> held = reservations.reservations(voucher);
        long failedStillReserved = failed.entrySet().stream()
                .filter(e -> {
                    OrderId holder = held.get(new UserId(e.getValue()));
                    return holder != null && holder.value() == e.getKey();
                })
                .count();
        Map<UserId, OrderId> ordered = new HashMap<>();
        holding.forEach((order, user) -> ordered.put(new UserId(user), new OrderId(order)));
        Set<UserId> users = new HashSet<>(held.keySet());
        users.addAll(ordered.keySet());
        long mismatches = users.stream()
                .filter(u -> !java.util.Objects.equals(held.get(u), ordered.get(u)))
                .count();

        return new Audit.Facts(
                expectation,
                initialStock,
                redis.initialStock(),
                redis.stock(),
                redis.reservedUsers(),
                redis.pendingOrders(),
                dbStock,
                holding.size(),
                duplicates,
                failed.size(),
                dlqTopicRecords(),
                accepts.size(),
                acceptedIds.size(),
                usersTwice,
                acceptedCreated,
                acceptedFailed,
                missing.subList(0, Math.min(MISSING_EXAMPLES, missing.size())),
                missing.size(),
                failedStillReserved,
                unanswered,
                mismatches,
                lossCounted,
                usersTwiceKept,
                acceptedIds.stream()
                        .filter(id -> created.containsKey(id) && !holding.containsKey(id))
                        .count());
    }

    /** Records in the DLQ topic (latest minus earliest offsets), or -1 when Kafka does not say. */
    long dlqTopicRecords() {
        try (Admin kafka = resources.kafkaAdmin()) {
            TopicDescription topic = kafka.describeTopics(List.of(resources.dlqTopic()))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(resources.dlqTopic());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            topic.partitions().forEach(p -> {
                latest.put(new TopicPartition(resources.dlqTopic(), p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(resources.dlqTopic(), p.partition()), OffsetSpec.earliest());
            });
            long end = kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
            long start = kafka.listOffsets(earliest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
            return end - start;
        } catch (Exception e) {
            LOG.warn("cannot read the DLQ topic {}: {}", resources.dlqTopic(), e.toString());
            return -1;
        }
    }

    private Map<Long, Long> orderUsers(String sql, long voucherId) throws SQLException {
        Map<Long, Long> rows = new HashMap<>();
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setLong(1, voucherId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getLong(1), result.getLong(2));
                }
            }
        } catch (SQLException e) {
            reset();
            throw e;
        }
        return rows;
    }

    private long queryLong(String sql, long voucherId) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setLong(1, voucherId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        } catch (SQLException e) {
            reset();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (db == null) {
            db = resources.openDatabase();
        }
        return db;
    }

    private void reset() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.debug("closing the audit connection: {}", e.getMessage());
            }
            db = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
