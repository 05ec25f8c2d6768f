package dev.seckill.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where integration tests find Redis, the database and Kafka: the local services started by
 * {@code ./seckill services up} when they answer, at the addresses the app and the script read too
 * ({@code SECKILL_REDIS_URI}, {@code SECKILL_MYSQL_URL}, {@code SECKILL_KAFKA_BOOTSTRAP_SERVERS}),
 * else containers when a Docker engine is reachable, else a failure that says what to run.
 * Never a silent skip. {@code SECKILL_TEST_SERVICES=containers} always takes containers ({@code local}:
 * never), and {@code SECKILL_TEST_REDIS_IMAGE}, {@code _MARIADB_IMAGE}, {@code _KAFKA_IMAGE} name their
 * images (the official ones by default; {@code ./seckill stack testcontainers} gives locally built ones).
 */
public final class TestServices {

    private static final Map<String, Object> STARTED = new ConcurrentHashMap<>();

    private TestServices() {}

    /** A Redis URI such as {@code redis://127.0.0.1:6379/0}. */
    public static String redisUri() {
        Endpoint local = Endpoint.fromAddress("SECKILL_REDIS_URI", 6379);
        Endpoint endpoint = useLocal(local)
                ? local
                : container(
                        "redis",
                        () -> {
                            GenericContainer<?> redis = new GenericContainer<>(image("REDIS", "redis:7.2-alpine"))
                                    .withCommand("redis-server", "--appendonly", "yes") // as durable as ./seckill's
                                    .withExposedPorts(6379);
                            redis.start();
                            return new Endpoint(redis.getHost(), redis.getMappedPort(6379));
                        },
                        local);
        return "redis://" + endpoint.host() + ":" + endpoint.port() + "/0";
    }

    /** The seed nodes of a three-master Redis Cluster, such as {@code redis://127.0.0.1:7001}. */
    public static List<String> redisClusterUris() {
        String ports = env("SECKILL_REDIS_CLUSTER_PORTS", "7001 7002 7003");
        List<Endpoint> nodes = java.util.Arrays.stream(ports.trim().split("[ ,]+"))
                .map(port -> new Endpoint("127.0.0.1", Integer.parseInt(port)))
                .toList();
        for (Endpoint node : nodes) {
            if (!node.answers()) {
                throw new IllegalStateException("No Redis Cluster node answers on " + node
                        + ": run `./seckill services up --redis-cluster` (or set SECKILL_REDIS_CLUSTER_PORTS)");
            }
        }
        return nodes.stream()
                .map(node -> "redis://" + node.host() + ":" + node.port())
                .toList();
    }

    /**
     * The Sentinels of the replicated Redis of {@code ./seckill services up --ha}, as a Redis URI such as {@code
     * redis-sentinel://127.0.0.1:26380,127.0.0.1:26381,127.0.0.1:26382#seckill}; fails when none answers.
     */
    public static String redisSentinelUri() {
        List<Endpoint> sentinels = ports("SECKILL_REDIS_SENTINEL_PORTS", "26380 26381 26382");
        if (sentinels.stream().noneMatch(Endpoint::answers)) {
            throw new IllegalStateException("No Redis Sentinel answers on " + sentinels
                    + ": run `./seckill services up --ha` (or set SECKILL_REDIS_SENTINEL_PORTS)");
        }
        return "redis-sentinel://"
                + sentinels.stream().map(s -> s.host() + ":" + s.port()).collect(Collectors.joining(","))
                + "#" + env("SECKILL_REDIS_SENTINEL_MASTER", "seckill");
    }

    /** The seed nodes of the Redis Cluster with replicas of {@code ./seckill services up --ha}. */
    public static List<String> redisReplicatedClusterUris() {
        List<Endpoint> nodes = ports("SECKILL_REDIS_HA_CLUSTER_PORTS", "7101 7102 7103 7104 7105 7106");
        for (Endpoint node : nodes) {
            if (!node.answers()) {
                throw new IllegalStateException("No Redis Cluster node answers on " + node
                        + ": run `./seckill services up --ha` (or set SECKILL_REDIS_HA_CLUSTER_PORTS)");
            }
        }
        return nodes.stream()
                .map(node -> "redis://" + node.host() + ":" + node.port())
                .toList();
    }

    private static List<Endpoint> ports(String variable, String fallback) {
        return java.util.Arrays.stream(env(variable, fallback).trim().split("[ ,]+"))
                .map(port -> new Endpoint("127.0.0.1", Integer.parseInt(port)))
                .toList();
    }

    /** A MySQL-compatible server; each test names its own database on it. */
    public static Database database() {
        Endpoint local = Endpoint.fromAddress("SECKILL_MYSQL_URL", 3306);
        String user = env("SECKILL_MYSQL_USER", "seckill");
        String password = env("SECKILL_MYSQL_PASSWORD", "seckill");
        if (useLocal(local)) {
            return new Database(local, user, password);
        }
        Endpoint endpoint = container(
                "database",
                () -> {
                    GenericContainer<?> db = new GenericContainer<>(image("MARIADB", "mariadb:11.4"))
                            .withEnv("MARIADB_ROOT_PASSWORD", password)
                            .withEnv("MARIADB_USER", user)
                            .withEnv("MARIADB_PASSWORD", password)
                            .withExposedPorts(3306)
                            .waitingFor(Wait.forLogMessage(".*ready for connections.*", 2));
                    db.start();
                    return new Endpoint(db.getHost(), db.getMappedPort(3306));
                },
                local);
        return new Database(endpoint, "root", password);
    }

    /** Kafka bootstrap servers, such as {@code 127.0.0.1:9092}. */
    public static String kafkaBootstrapServers() {
        Endpoint local = Endpoint.fromAddress("SECKILL_KAFKA_BOOTSTRAP_SERVERS", 9092);
        if (useLocal(local)) {
            return local.toString();
        }
        Endpoint endpoint = container(
                "kafka",
                () -> {
                    KafkaContainer kafka = new KafkaContainer(image("KAFKA", "apache/kafka:4.1.1"));
                    kafka.start();
                    String[] hostPort = kafka.getBootstrapServers()
                            .replace("PLAINTEXT://", "")
                            .split(":", -1);
                    return new Endpoint(hostPort[0], Integer.parseInt(hostPort[1]));
                },
                local);
        return endpoint.toString();
    }

    /** A name no other test run uses, for databases, key prefixes, topics and consumer groups. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Whether to use the local service: SECKILL_TEST_SERVICES chooses, else whether it answers. */
    private static boolean useLocal(Endpoint local) {
        String choice = env("SECKILL_TEST_SERVICES", "auto");
        return switch (choice) {
            case "auto" -> local.answers();
            case "containers" -> false;
            case "local" -> {
                if (!local.answers()) {
                    throw new IllegalStateException("Nothing answers on " + local + " and SECKILL_TEST_SERVICES=local:"
                            + " run `./seckill services up` (or point " + local.variable() + " at a running service)");
                }
                yield true;
            }
            default ->
                throw new IllegalStateException("SECKILL_TEST_SERVICES=" + choice
                        + ": local, containers, or auto (the default: local when it answers, else containers)");
        };
    }

    private static DockerImageName image(String service, String official) {
        return DockerImageName.parse(env("SECKILL_TEST_" + service + "_IMAGE", official))
                .asCompatibleSubstituteFor(official.split(":", -1)[0]);
    }

    private static Endpoint container(String service, ContainerStart start, Endpoint local) {
        return (Endpoint) STARTED.computeIfAbsent(service, key -> {
            if (!dockerAvailable()) {
                throw new IllegalStateException("No " + service + " answers on " + local
                        + " and no Docker engine is reachable: run `./seckill services up` first"
                        + " (or point " + local.variable() + " at a running " + service + ")");
            }
            return start.start();
        });
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @FunctionalInterface
    private interface ContainerStart {
        Endpoint start();
    }

    /** A host and port, and the variable that placed it there. */
    public record Endpoint(String host, int port, String variable) {

        public Endpoint(String host, int port) {
            this(host, port, "");
        }

        /** The first {@code host:port} of an address such as {@code redis://h:p/0}, {@code jdbc:mysql://h:p/db} or {@code h:p,h2:p2}. */
        static Endpoint fromAddress(String variable, int defaultPort) {
            String address = env(variable, "127.0.0.1:" + defaultPort);
            String hostPort = address.substring(address.indexOf("://") < 0 ? 0 : address.indexOf("://") + 3);
            hostPort = hostPort.split("[/?,]", 2)[0];
            hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            try {
                return colon < 0
                        ? new Endpoint(hostPort, defaultPort, variable)
                        : new Endpoint(
                                hostPort.substring(0, colon),
                                Integer.parseInt(hostPort.substring(colon + 1)),
                                variable);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(variable + "=" + address + " names no port a test can connect to", e);
            }
        }

        /** Whether something accepts connections there within a second. */
        public boolean answers() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A database server and an account allowed to create databases. */
    public record Database(Endpoint endpoint, String user, String password) {

        /** A JDBC URL for {@code database} on this server (the database need not exist yet). */
        public String jdbcUrl(String database) {
            return "jdbc:mysql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
        }
    }
}
