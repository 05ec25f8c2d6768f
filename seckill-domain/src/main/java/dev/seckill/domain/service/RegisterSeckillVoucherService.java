package dev.seckill.domain.service;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.port.out.VoucherCatalogue;

/** Registers a voucher in the catalogue, then loads its sale with its whole stock into the reservation store. */
public final class RegisterSeckillVoucherService implements RegisterSeckillVoucher {

    private final VoucherCatalogue catalogue;
    private final StockReservations reservations;

    RegisterSeckillVoucherService(VoucherCatalogue catalogue, StockReservations reservations) {
        this.catalogue = catalogue;
        this.reservations = reservations;
    }

    @Override
    public VoucherId register(NewSeckillVoucher voucher) {
        VoucherId id = catalogue.register(voucher);
        reservations.load(new VoucherSale(id, voucher.stock(), voucher.window()));
        return id;
    }
}
