package dev.seckill.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of earlier configuration files, read as today's: {@code redis.commandTimeoutMs: 2000}
 * is {@code redis.commandTimeout: 2000ms}, in a file and as an environment variable alike.
 */
final class LegacyKeys {

    /** An earlier key, the keys it stands for now, and the unit its number was in ("" for none). */
    private record Legacy(String key, List<String> keys, String unit) {
        Legacy(String key, String now, String unit) {
            this(key, List.of(now), unit);
        }
    }

    private static final List<Legacy> KEYS = List.of(
            new Legacy("sale.soldOutMemoMs", "sale.soldOutMemo", "ms"),
            new Legacy("redis.commandTimeoutMs", "redis.commandTimeout", "ms"),
            new Legacy("redis.sessionTtlSeconds", "redis.sessionTtl", "s"),
            new Legacy("redis.sessionCacheSeconds", "redis.sessionCache", "s"),
            new Legacy("mysql.connectionTimeoutMs", "mysql.connectionTimeout", "ms"),
            new Legacy("kafka.ordersTopic", "kafka.topics.orders", ""),
            new Legacy("kafka.retryTopic", "kafka.topics.retry", ""),
            new Legacy("kafka.dlqTopic", "kafka.topics.deadLetters", ""),
            new Legacy(
                    "kafka.partitions", List.of("kafka.topics.ordersPartitions", "kafka.topics.retryPartitions"), ""),
            new Legacy("kafka.replicationFactor", "kafka.topics.replicationFactor", ""),
            new Legacy("kafka.minInsyncReplicas", "kafka.topics.minInsyncReplicas", ""),
            new Legacy("kafka.retentionHours", "kafka.topics.retention", "h"),
            new Legacy("kafka.dlqRetentionHours", "kafka.topics.deadLetterRetention", "h"),
            new Legacy("kafka.deliveryTimeoutMs", "kafka.deliveryTimeout", "ms"),
            new Legacy("retry.initialBackoffMs", "retry.initialBackoff", "ms"),
            new Legacy("retry.maxBackoffMs", "retry.maxBackoff", "ms"),
            new Legacy("relay.staleAfterMs", "relay.staleAfter", "ms"),
            new Legacy("relay.sweepIntervalMs", "relay.sweepInterval", "ms"),
            new Legacy("relay.salesHorizonHours", "relay.salesHorizon", "h"));

    private LegacyKeys() {}

    /** Moves the earlier keys of a configuration file to today's; both at once is refused. */
    static void rename(ObjectNode file) {
        for (Legacy legacy : KEYS) {
            JsonNode value = at(file, legacy.key());
            if (value == null) {
                continue;
            }
            for (String key : legacy.keys()) {
                if (at(file, key) != null) {
                    throw new ConfigLoader.ConfigException("config keys '" + legacy.key() + "' and '" + key
                            + "' are the same setting: keep '" + key + "' only");
                }
                put(file, key, withUnit(value.asText(), legacy.unit()));
            }
            ((ObjectNode) at(file, parent(legacy.key()))).remove(leaf(legacy.key()));
        }
    }

    /** The environment with today's names for the earlier ones (a variable of today's name wins). */
    static Map<String, String> rename(Map<String, String> env) {
        Map<String, String> renamed = new HashMap<>(env);
        for (Legacy legacy : KEYS) {
            String value = env.get(ConfigLoader.envName(legacy.key()));
            if (value != null) {
                legacy.keys()
                        .forEach(key -> renamed.putIfAbsent(ConfigLoader.envName(key), withUnit(value, legacy.unit())));
            }
        }
        return renamed;
    }

    private static String withUnit(String value, String unit) {
        return unit.isEmpty() || !value.trim().matches("\\d+") ? value : value.trim() + unit;
    }

    private static JsonNode at(ObjectNode root, String key) {
        JsonNode node = root;
        for (String part : key.split("\\.", -1)) {
            node = node == null || !node.isObject() ? null : node.get(part);
        }
        return node;
    }

    private static void put(ObjectNode root, String key, String value) {
        ObjectNode node = root;
        String[] parts = key.split("\\.", -1);
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]) instanceof ObjectNode section ? section : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static String parent(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
