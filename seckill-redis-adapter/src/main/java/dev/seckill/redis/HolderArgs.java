package dev.seckill.redis;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Holders (user → order) as Redis strings, in chunks that keep each command or script call short. */
final class HolderArgs {

    static final int PER_CALL = 1_000;

    private HolderArgs() {}

    static List<Map<String, String>> chunks(Map<UserId, OrderId> holders) {
        List<Map<String, String>> chunks = new ArrayList<>();
        Map<String, String> chunk = new HashMap<>();
        for (Map.Entry<UserId, OrderId> holder : holders.entrySet()) {
            chunk.put(holder.getKey().toString(), holder.getValue().toString());
            if (chunk.size() == PER_CALL) {
                chunks.add(chunk);
                chunk = new HashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** A chunk as script arguments: {@code userId, orderId, userId, orderId, ...}. */
    static String[] flat(Map<String, String> chunk) {
        String[] args = new String[chunk.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> holder : chunk.entrySet()) {
            args[i++] = holder.getKey();
            args[i++] = holder.getValue();
        }
        return args;
    }
}
