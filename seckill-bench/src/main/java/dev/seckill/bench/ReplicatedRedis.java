package dev.seckill.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The replicated Redis of {@code ./seckill services up --ha}, as the failover drills see it: the Sentinel address and
 * which node is master now, the cluster's seeds and which node serves a key and which replicates it. The addresses come
 * from the same variables as the script's, with its defaults.
 */
final class ReplicatedRedis {

    private ReplicatedRedis() {}

    static List<Integer> sentinelPorts() {
        return ports("SECKILL_REDIS_SENTINEL_PORTS", "26380 26381 26382");
    }

    static String masterName() {
        return System.getenv().getOrDefault("SECKILL_REDIS_SENTINEL_MASTER", "seckill");
    }

    /** {@code redis-sentinel://127.0.0.1:26380,...#seckill}. */
    static String sentinelUri() {
        return "redis-sentinel://"
                + sentinelPorts().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","))
                + "#" + masterName();
    }

    /** The cluster with replicas' seed nodes, comma-separated. */
    static String clusterUri() {
        return ports("SECKILL_REDIS_HA_CLUSTER_PORTS", "7101 7102 7103 7104 7105 7106").stream()
                .map(port -> "redis://127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    /** The port of the master the Sentinels name now. */
    static int sentinelMaster() {
        return withSentinel(
                sentinel -> ((InetSocketAddress) sentinel.sync().getMasterAddrByName(masterName())).getPort());
    }

    /** The port of a replica of the Sentinels' master. */
    static int sentinelReplica() {
        return withSentinel(sentinel -> sentinel.sync().replicas(masterName()).stream()
                .map(replica -> Integer.parseInt(replica.get("port")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the Sentinels know no replica of " + masterName())));
    }

    /** The master serving the slot of {@code key}, and the replica replicating it, as ports. */
    static int[] clusterMasterAndReplicaOf(String key) {
        int slot = SlotHash.getSlot(key);
        int seed = ports("SECKILL_REDIS_HA_CLUSTER_PORTS", "7101 7102 7103 7104 7105 7106")
                .get(0);
        List<String[]> nodes = withNode(
                seed,
                node -> node.sync()
                        .clusterNodes()
                        .lines()
                        .map(line -> line.split(" ", -1))
                        .toList());
        String[] master = nodes.stream()
                .filter(fields -> fields[2].contains("master") && !fields[2].contains("fail") && serves(fields, slot))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no live master serves slot " + slot));
        Optional<String[]> replica = nodes.stream()
                .filter(fields -> fields[3].equals(master[0]) && !fields[2].contains("fail"))
                .findFirst();
        return new int[] {
            port(master[1]),
            port(replica.orElseThrow(() -> new IllegalStateException("the master of slot " + slot + " has no replica"))[
                    1])
        };
    }

    /** The node's role: {@code master} or {@code slave}; empty when it does not answer. */
    static String role(int port) {
        try {
            return withNode(
                    port,
                    node -> node.sync()
                            .info("replication")
                            .lines()
                            .filter(line -> line.startsWith("role:"))
                            .map(line -> line.substring("role:".length()).strip())
                            .findFirst()
                            .orElse(""));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static boolean serves(String[] fields, int slot) {
        for (int i = 8; i < fields.length; i++) {
            if (fields[i].startsWith("[")) {
                continue;
            }
            String[] range = fields[i].split("-", -1);
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
    }

    private static <T> T withSentinel(
            java.util.function.Function<StatefulRedisSentinelConnection<String, String>, T> call) {
        RuntimeException last = null;
        for (int port : sentinelPorts()) {
            RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
            try (StatefulRedisSentinelConnection<String, String> sentinel = client.connectSentinel()) {
                return call.apply(sentinel);
            } catch (RuntimeException e) {
                last = e;
            } finally {
                client.shutdown();
            }
        }
        throw new IllegalStateException(
                "no Sentinel answers on " + sentinelPorts() + ": run ./seckill services up --ha", last);
    }

    private static <T> T withNode(
            int port, java.util.function.Function<StatefulRedisConnection<String, String>, T> call) {
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
        try (StatefulRedisConnection<String, String> node = client.connect()) {
            return call.apply(node);
        } finally {
            client.shutdown();
        }
    }

    private static List<Integer> ports(String variable, String fallback) {
        Map<String, String> env = System.getenv();
        return Arrays.stream(env.getOrDefault(variable, fallback).trim().split("[ ,]+"))
                .map(Integer::parseInt)
                .toList();
    }
}
