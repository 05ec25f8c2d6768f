package dev.seckill.bench;

import dev.seckill.app.SeckillConfig;
import dev.seckill.bench.BenchSettings.Drill;
import dev.seckill.domain.model.Acknowledgement;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisUserSessions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's verdicts (docs/guarantees.md): the facts of the DB, Redis and the DLQ against what the
 * buyers were answered, and each drill's own checks, with the servers' counters.
 */
final class RunAudit {

    private static final int STATUS_CHECKS = 2_000;

    private final BenchSettings settings;
    private final SeckillConfig config;
    private final SaleInspector inspector;
    private final DrillRunner drills;
    private final ServerCounters counters;
    private final List<ServerProcess> servers;
    private final RedisConnection redis;
    private Audit.Facts facts;

    RunAudit(
            BenchSettings settings,
            SeckillConfig config,
            SaleInspector inspector,
            DrillRunner drills,
            ServerCounters counters,
            List<ServerProcess> servers,
            RedisConnection redis) {
        this.settings = settings;
        this.config = config;
        this.inspector = inspector;
        this.drills = drills;
        this.counters = counters;
        this.servers = servers;
        this.redis = redis;
    }

    /** The guarantees' verdicts on the sale and, in a drill, the drill's own. */
    List<Audit.Line> audit(
            AdminApi api,
            long voucherId,
            int stock,
            LoadResult seckill,
            List<LoadRecorder.Accept> laterAccepts,
            long[] userIds,
            List<String> tokens) {
        Audit.Expectation expectation =
                settings.drill().filter(d -> d == Drill.DLQ).isPresent()
                        ? Audit.Expectation.DEAD_LETTERED
                        : Audit.Expectation.ORDERS_CREATED;
        List<Audit.Line> lines = new ArrayList<>();
        try {
            boolean lossCounted =
                    settings.drill().filter(d -> d == Drill.REDIS_FLUSH).isPresent()
                            && config.order().acknowledgement() == Acknowledgement.RESERVED;
            facts = inspector.facts(
                    expectation, lossCounted, voucherId, stock, accepted(seckill, laterAccepts), slot -> userIds[slot]);
            lines.addAll(Audit.verdicts(facts));
        } catch (SQLException e) {
            lines.add(new Audit.Line("6", "Audit", false, "the database could not be read: " + e.getMessage()));
        }
        lines.addAll(drills.log().lines());
        settings.drill().ifPresent(drill -> lines.addAll(drillChecks(drill, api, seckill, tokens)));
        return lines;
    }

    private static List<LoadRecorder.Accept> accepted(LoadResult seckill, List<LoadRecorder.Accept> later) {
        List<LoadRecorder.Accept> all = new ArrayList<>(seckill.accepts());
        all.addAll(later);
        return all;
    }

    /** After a Redis crash every buyer is still logged in (asked of Redis itself) and every accepted order is CREATED. */
    private Audit.Line sessionsAndOrdersSurvived(AdminApi api, LoadResult seckill, List<String> tokens) {
        RedisUserSessions store = new RedisUserSessions(redis);
        long loggedIn = tokens.stream()
                .filter(token -> store.find(token).toCompletableFuture().join().isPresent())
                .count();
        Map<String, Long> statuses = orderStatuses(api, seckill, tokens);
        long checked = statuses.values().stream().mapToLong(Long::longValue).sum();
        return new Audit.Line(
                "drill",
                "redis-crash: sessions and orders survived",
                loggedIn == tokens.size() && checked > 0 && statuses.getOrDefault("CREATED", 0L) == checked,
                "%d of %d sessions still in Redis; GET /voucher-order/{id} with the buyer's token, %d accepted orders: %s"
                        .formatted(loggedIn, tokens.size(), checked, statuses));
    }

    private Map<String, Long> orderStatuses(AdminApi api, LoadResult seckill, List<String> tokens) {
        List<LoadRecorder.Accept> accepts = seckill.accepts();
        int checked = Math.min(STATUS_CHECKS, accepts.size());
        Map<String, Long> statuses = new LinkedHashMap<>();
        BuyerApi buyers = new BuyerApi(api.base());
        for (int i = 0; i < checked; i++) {
            LoadRecorder.Accept accept = accepts.get(i);
            statuses.merge(buyers.orderStatus(accept.orderId(), tokens.get(accept.slot())), 1L, Long::sum);
        }
        return statuses;
    }

    private List<Audit.Line> drillChecks(Drill drill, AdminApi api, LoadResult seckill, List<String> tokens) {
        Map<String, Long> counts = serverCounts();
        long retries = counts.get(ServerCounters.RETRIES);
        long deadLettered = counts.get(ServerCounters.DEAD_LETTERED);
        List<Audit.Line> lines = new ArrayList<>();
        switch (drill) {
            case RETRY ->
                lines.add(new Audit.Line(
                        "drill",
                        "retry: failed writes retried",
                        retries > 0,
                        "%d orders sent to the retry topic (%s)".formatted(retries, ServerCounters.RETRIES)));
            case DLQ -> {
                lines.add(new Audit.Line(
                        "drill",
                        "dlq: dead-lettered after the retries",
                        deadLettered > 0,
                        "%d records sent to the dead-letter queue (%s)"
                                .formatted(deadLettered, ServerCounters.DEAD_LETTERED)));
                Map<String, Long> statuses = orderStatuses(api, seckill, tokens);
                long checked =
                        statuses.values().stream().mapToLong(Long::longValue).sum();
                lines.add(new Audit.Line(
                        "drill",
                        "dlq: status FAILED",
                        checked > 0 && statuses.getOrDefault("FAILED", 0L) == checked,
                        "GET /voucher-order/{id} of %d accepted orders: %s".formatted(checked, statuses)));
            }
            case KILL_APP ->
                drills.log()
                        .event("after the drain: the sweepers published %d orders left pending (%s)"
                                .formatted(counts.get(ServerCounters.SWEPT), ServerCounters.SWEPT));
            case REDIS_CRASH -> lines.add(sessionsAndOrdersSurvived(api, seckill, tokens));
            case REDIS_FLUSH -> {
                long lost = facts == null ? -1 : facts.missingCount();
                boolean published = config.order().acknowledgement() == Acknowledgement.PUBLISHED;
                lines.add(new Audit.Line(
                        "drill",
                        "redis-flush: orders lost",
                        lost == 0 || (lost > 0 && !published),
                        "%d of %d accepted orders lost (order.acknowledge %s%s)"
                                .formatted(
                                        lost,
                                        seckill.accepts().size(),
                                        config.order().acknowledge(),
                                        published ? ": none may be" : ": those not yet on the broker may be")));
            }
            case TWO_INSTANCES -> {
                long answeredBy = servers.stream().filter(ServerProcess::alive).count();
                lines.add(new Audit.Line(
                        "drill",
                        "two-instances: both served",
                        answeredBy == 2 && seckill.errors() == 0,
                        "%d of 2 servers up at the end; %d requests without an answer"
                                .formatted(answeredBy, seckill.errors())));
            }
            default -> {}
        }
        return lines;
    }

    /** The servers' counters now; a server killed by a drill counts up to its reading just before. */
    Map<String, Long> serverCounts() {
        servers.forEach(counters::read);
        settings.url().ifPresent(url -> counters.read(url.toString(), url));
        return counters.totals();
    }
}
