package dev.seckill.app;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.Reconcile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = {
            "Compare Redis reservations and pending orders with the database's orders and failed orders.",
            "Run it once the queue has drained: an order still travelling through Kafka looks missing until then."
        })
final class ReconcileCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--voucher", paramLabel = "ID", description = "only this voucher (default: every recent sale)")
    Long voucher;

    @Option(
            names = "--fix",
            description =
                    "restore a sale Redis lost (once the queue has drained), give Redis back the "
                            + "reservations of recorded orders it lost, release reservations of failed orders and publish missing orders again")
    boolean fix;

    @Override
    public Integer call() {
        if (voucher != null && voucher <= 0) {
            throw new IllegalArgumentException("--voucher must be a positive voucher id, got " + voucher);
        }
        try (Seckill seckill = Seckill.open(config.load(), 0)) {
            List<VoucherId> vouchers = voucher != null
                    ? List.of(new VoucherId(voucher))
                    : seckill.recentSales().stream().map(VoucherSale::voucherId).toList();
            boolean consistent = true;
            for (VoucherId id : vouchers) {
                Reconcile.Report report = fix
                        ? seckill.useCases.reconcile().fix(id)
                        : seckill.useCases.reconcile().check(id);
                consistent &= report.consistent();
                if (report.sale() != Reconcile.SaleState.PRESENT) {
                    System.out.printf(
                            "voucher %s: the sale is missing from Redis (the DB has %d orders)%s%n",
                            id,
                            report.recorded(),
                            switch (report.sale()) {
                                case RESTORED -> " - restored from the DB";
                                case STILL_MISSING ->
                                    " - not restored yet (the queue has not drained, or another instance is restoring it); run again";
                                case MISSING, PRESENT -> "; --fix restores it";
                            });
                    continue;
                }
                System.out.printf(
                        "voucher %s: %d reserved in Redis, %d orders in the DB, %d pending, %d missing, %d orphaned, %d unreserved%s%n",
                        id,
                        report.reserved(),
                        report.recorded(),
                        report.pending(),
                        report.missing().size(),
                        report.orphaned().size(),
                        report.unreserved().size(),
                        report.consistent() ? " - consistent" : "");
                report.missing()
                        .forEach(order -> System.out.printf(
                                "  missing   order %s of user %s%s%n",
                                order.orderId(), order.userId(), fix ? " - published again" : ""));
                report.orphaned()
                        .forEach(order -> System.out.printf(
                                "  orphaned  order %s of user %s%s%n",
                                order.orderId(), order.userId(), fix ? " - reservation released" : ""));
                report.unreserved()
                        .forEach(order -> System.out.printf(
                                "  unreserved order %s of user %s (Redis is behind the DB)%s%n",
                                order.orderId(), order.userId(), fix ? " - reservation given back" : ""));
            }
            if (vouchers.isEmpty()) {
                System.out.println("no recent sales");
            }
            return consistent || fix ? 0 : 3;
        }
    }
}
