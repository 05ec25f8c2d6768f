package dev.seckill.app;

import dev.seckill.domain.model.UserSession;
import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisUserSessions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "gen-tokens",
        mixinStandardHelpOptions = true,
        description = {
            "Log users in: for each user row, a login:token:<uuid> session in Redis and one token per line in the output.",
            "Input: an hmdp tb_user CSV with a header, id,phone rows, or one phone per line (then id = phone)."
        })
final class GenTokensCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(
            names = {"--in", "-in"},
            required = true,
            paramLabel = "FILE",
            description = "the users")
    Path in;

    @Option(
            names = {"--out", "-out"},
            required = true,
            paramLabel = "FILE",
            description = "where the tokens go, one per line")
    Path out;

    @Option(
            names = {"--redis", "-redis"},
            paramLabel = "URI",
            description = "redis://host:port/db, redis-sentinel://host:port,...#master, or the seed's host:port"
                    + " (default: redis.uri of the configuration)")
    String redis;

    @Option(
            names = {"--db", "-db"},
            paramLabel = "N",
            description = "Redis database, with the seed's -redis host:port")
    Integer db;

    @Option(
            names = "--ttl",
            paramLabel = "SECONDS",
            description = "session lifetime (default: redis.sessionTtl of the configuration, 10h)")
    Long ttlSeconds;

    @Override
    public Integer call() throws IOException {
        SeckillConfig loaded = config.load();
        Duration ttl = Duration.ofSeconds(
                ttlSeconds != null ? ttlSeconds : loaded.redis().sessionTtl().toSeconds());
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("--ttl must be a positive number of seconds, got " + ttlSeconds);
        }
        if (!Files.isReadable(in)) {
            throw new IllegalArgumentException("--in " + in + " does not exist or cannot be read");
        }
        List<UserSession> users;
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            users = UserCsv.read(in.getFileName().toString(), reader);
        }
        String uri = redisUri(loaded.redis().uri());
        boolean cluster = redis == null && loaded.redis().cluster();
        try (RedisConnection connection =
                RedisConnection.connect(loaded.redis().withUri(uri).withCluster(cluster))) {
            Map<String, UserSession> sessions = SessionTokens.issue(users);
            new RedisUserSessions(connection, ttl, RedisUserSessions.DEFAULT_REFRESH_EVERY).saveAll(sessions, ttl);
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (String token : sessions.keySet()) {
                    writer.write(token);
                    writer.newLine();
                }
            }
            System.out.printf(
                    "%d tokens written to %s (sessions in %s, ttl %ds)%n", sessions.size(), out, uri, ttl.toSeconds());
        }
        return 0;
    }

    private String redisUri(String configured) {
        if (redis == null) {
            if (db != null) {
                throw new IllegalArgumentException("-db goes with -redis host:port");
            }
            return configured;
        }
        if (redis.startsWith("redis://") || redis.startsWith("rediss://") || redis.startsWith("redis-sentinel://")) {
            if (db != null) {
                throw new IllegalArgumentException(
                        "-db goes with -redis host:port; put the database in the URI instead: " + redis);
            }
            return redis;
        }
        if (!redis.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new IllegalArgumentException(
                    "--redis must be redis://host:port/db, redis-sentinel://host:port,...#master or host:port, got '"
                            + redis + "'");
        }
        int database = db == null ? 0 : db;
        if (database < 0 || database > 15) {
            throw new IllegalArgumentException("-db must be between 0 and 15, got " + database);
        }
        return "redis://" + redis + "/" + database;
    }
}
