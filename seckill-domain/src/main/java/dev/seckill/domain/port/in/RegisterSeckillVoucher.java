package dev.seckill.domain.port.in;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.VoucherId;

/** Puts a voucher on flash sale: stored in the catalogue, then loaded for the request path. */
public interface RegisterSeckillVoucher {

    /** Stores the voucher in the catalogue, then loads its sale into the reservation store; returns its new id. */
    VoucherId register(NewSeckillVoucher voucher);
}
