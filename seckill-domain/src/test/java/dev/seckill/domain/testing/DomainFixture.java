package dev.seckill.domain.testing;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.service.LookUpOrderService;
import dev.seckill.domain.service.OrderRelayService;
import dev.seckill.domain.service.PlaceSeckillOrderService;
import dev.seckill.domain.service.ReconcileService;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.service.ForcedRecordFailures;
import dev.seckill.domain.service.RecordOrdersService;
import dev.seckill.domain.service.RegisterSeckillVoucherService;
import dev.seckill.domain.service.ReplayFailedOrderService;
import dev.seckill.domain.service.RestoreSaleService;
import dev.seckill.domain.service.ShowVoucherStatsService;
import java.time.Duration;
import java.time.Instant;

/** Every use case wired to the in-memory fakes, as the app wires them to the real adapters. */
public final class DomainFixture {

    public static final Duration STALE_AFTER = Duration.ofSeconds(10);
    public static final Duration HORIZON = Duration.ofDays(7);
    public static final RestoreSaleService.Timing RESTORE_TIMING =
            new RestoreSaleService.Timing(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ZERO);

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    public final InMemoryStockReservations reservations = new InMemoryStockReservations(clock);
    public final InMemoryOrderIds ids = new InMemoryOrderIds();
    public final InMemoryOrderPublisher publisher = new InMemoryOrderPublisher();
    public final InMemoryVoucherCatalogue catalogue = new InMemoryVoucherCatalogue();
    public final InMemoryOrderLedger ledger = new InMemoryOrderLedger(catalogue);
    public final InMemoryUserSessions sessions = new InMemoryUserSessions(clock);
    public final RecordingAlerts alerts = new RecordingAlerts();

    public final InMemoryOrderQueue queue = new InMemoryOrderQueue(publisher);

    public final OrderRelayService relay =
            new OrderRelayService(publisher, reservations, catalogue, clock, STALE_AFTER, HORIZON, 1_000);
    // restores inline (the request that finds the sale missing waits for it), without the settle wait
    public final RestoreSaleService restore = new RestoreSaleService(catalogue, reservations, reservations, ledger,
            reservations, queue, RESTORE_TIMING, Runnable::run);
    public final PlaceSeckillOrderService placeOrder = placeOrder(PlaceSeckillOrderService.Options.PLAIN);
    public final RegisterSeckillVoucherService register = new RegisterSeckillVoucherService(catalogue, reservations);
    public final LookUpOrderService lookUp = new LookUpOrderService(ledger, reservations, catalogue, clock, HORIZON);
    public final ShowVoucherStatsService stats = new ShowVoucherStatsService(reservations, ledger);
    public final ReplayFailedOrderService replay = new ReplayFailedOrderService(reservations, ledger, relay);
    public final ReconcileService reconcile = new ReconcileService(reservations, reservations, ledger, relay, restore, clock);

    public PlaceSeckillOrderService placeOrder(PlaceSeckillOrderService.Options options) {
        return new PlaceSeckillOrderService(ids, reservations, relay, restore, clock, options);
    }

    public RecordOrders recordOrders(int forcedFailures) {
        RecordOrders recordOrders = new RecordOrdersService(ledger, reservations, alerts, RetryPolicy.DEFAULT, clock);
        return forcedFailures == 0 ? recordOrders : new ForcedRecordFailures(recordOrders, forcedFailures, RetryPolicy.DEFAULT, clock);
    }

    /** A voucher on sale from an hour ago to an hour from now. */
    public VoucherId voucherOnSale(int stock) {
        return register.register(newVoucher(stock,
                new SaleWindow(clock.instant().minus(Duration.ofHours(1)), clock.instant().plus(Duration.ofHours(1)))));
    }

    public static NewSeckillVoucher newVoucher(int stock, SaleWindow window) {
        return new NewSeckillVoucher(1, "flash sale", "sub title", "one per user", 8000, 10000, stock, window);
    }
}
