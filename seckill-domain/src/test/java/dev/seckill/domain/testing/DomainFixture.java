package dev.seckill.domain.testing;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.service.CancelOrderService;
import dev.seckill.domain.service.ExpireOrdersService;
import dev.seckill.domain.service.LookUpOrderService;
import dev.seckill.domain.service.OrderRelayService;
import dev.seckill.domain.service.PayOrderService;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.ReconcileService;
import dev.seckill.domain.service.RegisterSeckillVoucherService;
import dev.seckill.domain.service.ReplayFailedOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.SeckillUseCases;
import dev.seckill.domain.service.ShowVoucherStatsService;
import java.time.Duration;
import java.time.Instant;

/** Every use case wired to the in-memory fakes, as the app wires them to the real adapters. */
public final class DomainFixture {

    public static final Duration STALE_AFTER = Duration.ofSeconds(10);
    public static final Duration HORIZON = Duration.ofDays(7);
    public static final Duration PAYMENT_TIMEOUT = OrderLedgerContract.PAYMENT_TIMEOUT;
    public static final RestoreSaleService.Timing RESTORE_TIMING =
            new RestoreSaleService.Timing(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ZERO);

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    public final InMemoryStockReservations reservations = new InMemoryStockReservations(clock);
    public final InMemoryOrderIds ids = new InMemoryOrderIds();
    public final InMemoryOrderPublisher publisher = new InMemoryOrderPublisher();
    public final InMemoryVoucherCatalogue catalogue = new InMemoryVoucherCatalogue();
    public final InMemoryOrderLedger ledger = new InMemoryOrderLedger(catalogue, PAYMENT_TIMEOUT, clock);
    public final InMemoryUserSessions sessions = new InMemoryUserSessions(clock);
    public final RecordingAlerts alerts = new RecordingAlerts();
    public final RecordingPayments payments = new RecordingPayments();

    public final InMemoryOrderQueue queue = new InMemoryOrderQueue(publisher);

    // restores inline (the request that finds the sale missing waits for it), without the settle wait
    public final SeckillUseCases useCases = new SeckillUseCases(
            new SeckillUseCases.Ports(
                    ids,
                    reservations,
                    reservations,
                    reservations,
                    ledger,
                    ledger,
                    catalogue,
                    publisher,
                    queue,
                    sessions,
                    payments),
            new SeckillUseCases.Settings(
                    STALE_AFTER,
                    HORIZON,
                    1_000,
                    RetryPolicy.DEFAULT,
                    RESTORE_TIMING,
                    PlaceSeckillOrderService.Options.PLAIN),
            clock,
            Runnable::run);
    public final OrderRelayService relay = useCases.relay();
    public final RestoreSaleService restore = useCases.restoreSale();
    public final PlaceSeckillOrderService placeOrder = useCases.placeOrder();
    public final RegisterSeckillVoucherService register = useCases.registerVoucher();
    public final LookUpOrderService lookUp = useCases.lookUpOrder();
    public final ShowVoucherStatsService stats = useCases.voucherStats();
    public final ReplayFailedOrderService replay = useCases.replay();
    public final ReconcileService reconcile = useCases.reconcile();
    public final PayOrderService pay = useCases.payOrder();
    public final CancelOrderService cancel = useCases.cancelOrder();
    public final ExpireOrdersService expire = useCases.expireOrders();

    public PlaceSeckillOrderService placeOrder(PlaceSeckillOrderService.Options options) {
        return useCases.placeOrder(options);
    }

    public RecordOrders recordOrders(int forcedFailures) {
        return useCases.recordOrders(alerts, forcedFailures);
    }

    /** A voucher on sale from an hour ago to an hour from now. */
    public VoucherId voucherOnSale(int stock) {
        return register.register(newVoucher(
                stock,
                new SaleWindow(
                        clock.instant().minus(Duration.ofHours(1)),
                        clock.instant().plus(Duration.ofHours(1)))));
    }

    public static NewSeckillVoucher newVoucher(int stock, SaleWindow window) {
        return new NewSeckillVoucher(1, "flash sale", "sub title", "one per user", 8000, 10000, stock, window);
    }
}
