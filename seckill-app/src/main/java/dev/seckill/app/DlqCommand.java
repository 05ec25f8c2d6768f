package dev.seckill.app;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.kafka.DeadLetterQueue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspect and re-drive the dead-letter queue.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "dlq needs a command: list or replay");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Show what is in the dead-letter queue and why.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(
                names = "--limit",
                defaultValue = "100",
                description = "at most this many records (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
            }
            try (Seckill seckill = Seckill.open(config.load(), 0)) {
                List<DeadLetterQueue.Entry> entries = seckill.deadLetters().list(limit);
                System.out.printf(
                        "%-20s %-20s %-20s %-8s %-30s %s%n",
                        "orderId", "userId", "voucherId", "retries", "stored at", "error");
                for (DeadLetterQueue.Entry entry : entries) {
                    String order = entry.delivery()
                            .map(d -> d.order().orderId().toString())
                            .orElse("(unreadable)");
                    String user = entry.delivery()
                            .map(d -> d.order().userId().toString())
                            .orElse("-");
                    String voucher = entry.delivery()
                            .map(d -> d.order().voucherId().toString())
                            .orElse("-");
                    System.out.printf(
                            "%-20s %-20s %-20s %-8d %-30s %s: %s%n",
                            order,
                            user,
                            voucher,
                            entry.attempts(),
                            entry.storedAt(),
                            entry.errorClass(),
                            entry.errorMessage());
                }
                System.out.printf("%d record(s)%n", entries.size());
            }
            return 0;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description =
                    "Re-reserve dead-lettered orders in Redis and send them through again; refused when sold out or already ordered.")
    static final class ReplayCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--order", paramLabel = "ID", description = "only this order (default: every order in the DLQ)")
        Long order;

        @Override
        public Integer call() {
            Optional<OrderId> only = Optional.ofNullable(order).map(id -> {
                if (id <= 0) {
                    throw new IllegalArgumentException("--order must be a positive order id, got " + id);
                }
                return new OrderId(id);
            });
            try (Seckill seckill = Seckill.open(config.load(), 0)) {
                List<DeadLetterQueue.Replayed> replayed = seckill.deadLetters().replay(only);
                long requeued = replayed.stream()
                        .filter(r -> r.outcome() == Reservation.RESERVED)
                        .count();
                for (DeadLetterQueue.Replayed result : replayed) {
                    System.out.printf(
                            "%-20s %s%n",
                            result.orderId(),
                            result.outcome() == Reservation.RESERVED ? "re-queued" : "refused: " + result.outcome());
                }
                if (only.isPresent() && replayed.isEmpty()) {
                    System.err.println(
                            "seckill: order " + order + " is not in the dead-letter queue (see ./seckill dlq list)");
                    return 1;
                }
                System.out.printf("%d re-queued, %d refused%n", requeued, replayed.size() - requeued);
            }
            return 0;
        }
    }
}
