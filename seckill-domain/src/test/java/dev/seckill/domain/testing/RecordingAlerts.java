package dev.seckill.domain.testing;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.port.out.Alerts;
import java.util.ArrayList;
import java.util.List;

public final class RecordingAlerts implements Alerts {

    private final List<OrderDelivery> failedOrders = new ArrayList<>();

    @Override
    public synchronized void orderFailed(OrderDelivery delivery, String reason) {
        failedOrders.add(delivery);
    }

    public synchronized List<OrderDelivery> failedOrders() {
        return List.copyOf(failedOrders);
    }
}
