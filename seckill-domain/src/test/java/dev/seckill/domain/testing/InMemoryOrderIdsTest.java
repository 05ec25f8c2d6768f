package dev.seckill.domain.testing;

import dev.seckill.domain.port.out.OrderIds;

class InMemoryOrderIdsTest extends OrderIdsContract {

    private final InMemoryOrderIds shared = new InMemoryOrderIds();

    @Override
    protected OrderIds newGenerator() {
        return shared;
    }
}
