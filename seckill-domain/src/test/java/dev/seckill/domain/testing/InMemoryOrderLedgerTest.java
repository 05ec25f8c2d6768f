package dev.seckill.domain.testing;

import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.VoucherCatalogue;

class InMemoryOrderLedgerTest extends OrderLedgerContract {

    private final InMemoryVoucherCatalogue catalogue = new InMemoryVoucherCatalogue();
    private final InMemoryOrderLedger ledger = new InMemoryOrderLedger(catalogue, PAYMENT_TIMEOUT, RECORDING_CLOCK);

    @Override
    protected OrderLedger ledger() {
        return ledger;
    }

    @Override
    protected OrderSettlement settlement() {
        return ledger;
    }

    @Override
    protected VoucherCatalogue catalogue() {
        return catalogue;
    }
}
