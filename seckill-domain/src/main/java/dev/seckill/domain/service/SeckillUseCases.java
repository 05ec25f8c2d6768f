package dev.seckill.domain.service;

import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.port.out.OrderIds;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.OrderQueue;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.Payments;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.port.out.UserSessions;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Every use case, wired from the out-ports: the one wiring that the app, the domain's tests and
 * the adapters' integration tests share, so that what a test drives is what the server runs.
 */
public final class SeckillUseCases {

    /**
     * The out-ports the use cases need; one adapter may fill several (Redis keeps the reservations and the pending
     * orders).
     */
    public record Ports(
            OrderIds ids,
            StockReservations reservations,
            PendingOrders pending,
            SaleRestorations restorations,
            OrderLedger ledger,
            OrderSettlement settlement,
            VoucherCatalogue catalogue,
            OrderPublisher publisher,
            OrderQueue queue,
            UserSessions sessions,
            Payments payments) {
        /** Every port is required. */
        public Ports {
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(reservations, "reservations");
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(restorations, "restorations");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(settlement, "settlement");
            Objects.requireNonNull(catalogue, "catalogue");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(payments, "payments");
        }
    }

    /**
     * The timings of the relay, the sweep and the expiry.
     *
     * @param staleAfter    a pending order this old is published again by the sweep
     * @param salesHorizon  how long after its sale ends an order is still swept and looked up in the pending record
     * @param sweepBatch    the most pending orders one sweep publishes per sale, and the most orders one expiry pass
     *                      expires
     * @param retryPolicy   how a failed order write is retried before the order is dead-lettered
     * @param restoreTiming how long a restore of a lost sale waits, and for what
     * @param placing       how orders are placed: the sold-out memo and when an accepted order is answered
     */
    public record Settings(
            Duration staleAfter,
            Duration salesHorizon,
            int sweepBatch,
            RetryPolicy retryPolicy,
            RestoreSaleService.Timing restoreTiming,
            PlaceSeckillOrderService.Options placing) {}

    private final Ports ports;
    private final Settings settings;
    private final Clock clock;
    private final OrderRelayService relay;
    private final RestoreSaleService restoreSale;
    private final PlaceSeckillOrderService placeOrder;
    private final RegisterSeckillVoucherService registerVoucher;
    private final LookUpOrderService lookUpOrder;
    private final ShowVoucherStatsService voucherStats;
    private final ReplayFailedOrderService replay;
    private final ReconcileService reconcile;
    private final IdentifyUserService identifyUser;
    private final PayOrderService payOrder;
    private final CancelOrderService cancelOrder;
    private final ExpireOrdersService expireOrders;

    /**
     * Wires every use case once, over one relay and one restore that they share.
     *
     * @param restorer where a lost sale is restored: a background thread in the server, the caller's own in a unit
     *                 test
     */
    public SeckillUseCases(Ports ports, Settings settings, Clock clock, Executor restorer) {
        this.ports = ports;
        this.settings = settings;
        this.clock = clock;
        relay = new OrderRelayService(
                ports.publisher(),
                ports.pending(),
                ports.catalogue(),
                clock,
                settings.staleAfter(),
                settings.salesHorizon(),
                settings.sweepBatch());
        restoreSale = new RestoreSaleService(
                ports.catalogue(),
                ports.reservations(),
                ports.pending(),
                ports.ledger(),
                ports.restorations(),
                ports.queue(),
                settings.restoreTiming(),
                restorer);
        placeOrder = placeOrder(settings.placing());
        registerVoucher = new RegisterSeckillVoucherService(ports.catalogue(), ports.reservations());
        lookUpOrder = new LookUpOrderService(
                ports.ledger(), ports.reservations(), ports.catalogue(), clock, settings.salesHorizon());
        voucherStats = new ShowVoucherStatsService(ports.reservations(), ports.ledger());
        replay = new ReplayFailedOrderService(ports.reservations(), ports.ledger(), relay);
        reconcile =
                new ReconcileService(ports.reservations(), ports.pending(), ports.ledger(), relay, restoreSale, clock);
        identifyUser = new IdentifyUserService(ports.sessions());
        UnitReturns unitReturns = new UnitReturns(ports.reservations(), ports.settlement());
        payOrder = new PayOrderService(lookUpOrder, ports.settlement(), ports.payments(), clock);
        cancelOrder = new CancelOrderService(lookUpOrder, ports.settlement(), unitReturns, clock);
        expireOrders = new ExpireOrdersService(ports.settlement(), unitReturns, clock, settings.sweepBatch());
    }

    /** The purchase with other options, on the same relay and restore. */
    public PlaceSeckillOrderService placeOrder(PlaceSeckillOrderService.Options options) {
        return new PlaceSeckillOrderService(ports.ids(), ports.reservations(), relay, restoreSale, clock, options);
    }

    /**
     * Recording the queue's orders in the ledger, alerting through {@code alerts}; with
     * {@code forcedFailures} above 0 the retry/DLQ drill's {@link ForcedRecordFailures} goes around it.
     */
    public RecordOrders recordOrders(Alerts alerts, int forcedFailures) {
        RecordOrders recordOrders =
                new RecordOrdersService(ports.ledger(), ports.reservations(), alerts, settings.retryPolicy(), clock);
        return forcedFailures == 0
                ? recordOrders
                : new ForcedRecordFailures(recordOrders, forcedFailures, settings.retryPolicy(), clock);
    }

    /** Moves accepted orders from the pending record to the queue; its sweep is run on a schedule. */
    public OrderRelayService relay() {
        return relay;
    }

    /** Puts back a sale the reservation store lost or left behind, from the ledger. */
    public RestoreSaleService restoreSale() {
        return restoreSale;
    }

    /** The purchase, with the options of the settings. */
    public PlaceSeckillOrderService placeOrder() {
        return placeOrder;
    }

    /** Puts a voucher on flash sale. */
    public RegisterSeckillVoucherService registerVoucher() {
        return registerVoucher;
    }

    /** An order's status, for its owner only. */
    public LookUpOrderService lookUpOrder() {
        return lookUpOrder;
    }

    /** The reservation store and the ledger side by side for one voucher. */
    public ShowVoucherStatsService voucherStats() {
        return voucherStats;
    }

    /** Sends a dead-lettered order through again. */
    public ReplayFailedOrderService replay() {
        return replay;
    }

    /** Compares the reservation store with the ledger, and repairs what they disagree on. */
    public ReconcileService reconcile() {
        return reconcile;
    }

    /** The logged-in user a login token stands for. */
    public IdentifyUserService identifyUser() {
        return identifyUser;
    }

    /** The buyer's payment, before the order's deadline. */
    public PayOrderService payOrder() {
        return payOrder;
    }

    /** The buyer's cancel of an unpaid order; its unit goes back on sale. */
    public CancelOrderService cancelOrder() {
        return cancelOrder;
    }

    /** The payment deadline's keeper, to run again and again. */
    public ExpireOrdersService expireOrders() {
        return expireOrders;
    }
}
