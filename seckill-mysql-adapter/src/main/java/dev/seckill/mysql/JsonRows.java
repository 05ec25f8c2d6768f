package dev.seckill.mysql;

import dev.seckill.domain.model.SeckillOrder;
import java.util.List;

/** Orders as a JSON array of rows, one JSON parameter for a statement's JSON_TABLE instead of four per order. */
final class JsonRows {

    private JsonRows() {}

    /** {@code [[id, userId, voucherId, "createTime"], ...]}: numbers and a DATETIME(3) text, so nothing needs escaping. */
    static String orders(List<SeckillOrder> orders) {
        StringBuilder json = new StringBuilder(orders.size() * 72).append('[');
        for (SeckillOrder order : orders) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('[')
                    .append(order.orderId().value())
                    .append(',')
                    .append(order.userId().value())
                    .append(',')
                    .append(order.voucherId().value())
                    .append(",\"")
                    .append(UtcColumns.toColumn(order.createdAt()))
                    .append("\"]");
        }
        return json.append(']').toString();
    }
}
