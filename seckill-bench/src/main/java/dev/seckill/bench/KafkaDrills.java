package dev.seckill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The faults of a three-broker Kafka ({@code ./seckill services up --ha}) during a burst: the broker leading the hot
 * voucher's partition SIGKILLed and started again ({@code kafka-broker}); two brokers down at once, fewer in sync than
 * {@code min.insync.replicas} ({@code kafka-quorum}); each broker restarted in turn ({@code kafka-rolling}). Each
 * reports how long the accept path answered 503, its p99 while the fault lasted and the longest time no order was
 * recorded; the audit after the run checks that nothing was lost or doubled.
 */
final class KafkaDrills {

    private static final Duration ELECTION_WAIT = Duration.ofMinutes(1);

    private final LocalServices services;
    private final ReplicatedKafka kafka;
    private final FaultWatch watch;
    private final Consumer<String> event;
    private final String ordersTopic;
    private final long voucherId;
    private final boolean published;
    private final Duration answeredWithin;

    /**
     * @param published      whether the servers answer an order once the broker acknowledged it ({@code order.acknowledge})
     * @param answeredWithin the longest a request can wait for the broker: the servers' delivery timeout
     */
    KafkaDrills(
            LocalServices services,
            ReplicatedKafka kafka,
            FaultWatch watch,
            Consumer<String> event,
            String ordersTopic,
            long voucherId,
            boolean published,
            Duration answeredWithin) {
        this.services = services;
        this.kafka = kafka;
        this.watch = watch;
        this.event = event;
        this.ordersTopic = ordersTopic;
        this.voucherId = voucherId;
        this.published = published;
        this.answeredWithin = answeredWithin;
    }

    /** The leader of the hot partition SIGKILLed once the sale is under way; started again after {@code down}. */
    List<Audit.Line> brokerLost(Runnable awaitSaleUnderWay, Duration down) {
        int leader = leader();
        awaitSaleUnderWay.run();
        long killed = System.nanoTime();
        services.kill("kafka@" + leader);
        event.accept(
                "broker 127.0.0.1:%d, leader of the hot voucher's partition, killed with SIGKILL".formatted(leader));
        Optional<Duration> elected = kafka.awaitLeaderOtherThan(ordersTopic, voucherId, leader, ELECTION_WAIT);
        long after = System.nanoTime();
        elected.ifPresent(took -> event.accept(
                "a new leader of the hot partition %.1f s after the kill".formatted(took.toMillis() / 1e3)));
        park(down.minusNanos(after - killed));
        services.start("kafka@" + leader);
        event.accept("broker 127.0.0.1:%d started again".formatted(leader));
        List<Audit.Line> lines = new ArrayList<>(measured("kafka-broker", killed, after));
        lines.add(new Audit.Line(
                "drill",
                "kafka-broker: a new leader",
                elected.isPresent(),
                elected.map(took -> "elected %.1f s after the leader's SIGKILL".formatted(took.toMillis() / 1e3))
                        .orElse("no new leader within " + Durations.format(ELECTION_WAIT))));
        return lines;
    }

    /** Two brokers down at once (the leader and one follower): writes are refused until one is back. */
    List<Audit.Line> quorumLost(Runnable awaitSaleUnderWay, Duration down) {
        int leader = leader();
        int follower = ReplicatedKafka.ports().stream()
                .filter(port -> port != leader)
                .findFirst()
                .orElseThrow();
        awaitSaleUnderWay.run();
        long killed = System.nanoTime();
        services.kill("kafka@" + leader);
        services.kill("kafka@" + follower);
        event.accept("brokers 127.0.0.1:%d and 127.0.0.1:%d killed with SIGKILL: one in sync, min.insync.replicas 2"
                .formatted(leader, follower));
        park(down);
        services.start("kafka@" + follower);
        long back = System.nanoTime();
        event.accept("broker 127.0.0.1:%d started again: two in sync".formatted(follower));
        services.start("kafka@" + leader);
        event.accept("broker 127.0.0.1:%d started again".formatted(leader));
        List<Audit.Line> lines = new ArrayList<>(measured("kafka-quorum", killed, back));
        if (published) {
            // an order is answered once the broker acknowledged it, which no broker could while too few were in sync
            lines.add(new Audit.Line(
                    "drill",
                    "kafka-quorum: 503 while writes were refused",
                    watch.unavailableAnswers() > 0,
                    "%d orders answered 503 (order.acknowledge published): each stays pending and is published later"
                            .formatted(watch.unavailableAnswers())));
        }
        return lines;
    }

    /** Each broker stopped (SIGTERM) and started again in turn, the next once the last is back. */
    List<Audit.Line> rollingRestart(Runnable awaitSaleUnderWay) {
        awaitSaleUnderWay.run();
        long started = System.nanoTime();
        for (int port : ReplicatedKafka.ports()) {
            services.stop("kafka@" + port);
            event.accept("broker 127.0.0.1:%d stopped".formatted(port));
            services.start("kafka@" + port);
            event.accept("broker 127.0.0.1:%d started again".formatted(port));
        }
        return measured("kafka-rolling", started, System.nanoTime());
    }

    private List<Audit.Line> measured(String drill, long from, long to) {
        // a request waiting for the broker's acknowledgement when the fault ended is answered up to a delivery timeout
        // later: the latencies are counted until then
        park(Duration.ofNanos(to + answeredWithin.toNanos() - System.nanoTime()));
        Duration unavailable = watch.unavailableFor();
        double p99 = watch.p99MsBetween(from, to + answeredWithin.toNanos());
        Duration stalled = watch.longestStallAfter(from);
        String numbers = ("the accept path answered 503 for %.1f s (%d answers); its p99 while the fault lasted (and a"
                        + " delivery timeout after) %s; recording stalled %.1f s at the longest")
                .formatted(
                        unavailable.toMillis() / 1e3,
                        watch.unavailableAnswers(),
                        p99 < 0
                                ? "(no answers)"
                                : Double.isInfinite(p99) ? "over 5 s (the histogram's top)" : "%.0f ms".formatted(p99),
                        stalled.toMillis() / 1e3);
        event.accept(drill + ": " + numbers);
        return List.of(new Audit.Line("drill", drill + ": measured", true, numbers));
    }

    private int leader() {
        return kafka.leaderFor(ordersTopic, voucherId)
                .orElseThrow(() -> new IllegalStateException("the hot voucher's partition of " + ordersTopic
                        + " has no leader: is the three-broker Kafka up (./seckill services up --ha)?"));
    }

    private static void park(Duration pause) {
        if (!pause.isNegative()) {
            LockSupport.parkNanos(TimeUnit.NANOSECONDS.convert(pause));
        }
    }
}
