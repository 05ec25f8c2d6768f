package dev.seckill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local processes of the services a run uses (Redis, the database, the brokers), found by the loopback port each
 * listens on (Linux's {@code /proc}), so that the CPU a whole order costs can be counted and not only the server's.
 * An address given by name or a process not visible here is left out, and said so in {@link #missing()}.
 *
 * @param pids    the pid of each address found, e.g. {@code 127.0.0.1:6379 → 1234}
 * @param missing the addresses whose process was not found
 */
record ServiceProcesses(Map<String, Long> pids, List<String> missing) {

    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern LOOPBACK_ADDRESS = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})");
    private static final String LISTEN = "0A";

    /** The processes behind the run's Redis, database and broker addresses. */
    static ServiceProcesses of(RunResources run) {
        Set<Integer> ports = new TreeSet<>();
        for (String addresses : List.of(run.redisUri(), run.jdbcUrl(), run.kafkaServers())) {
            Matcher m = LOOPBACK_ADDRESS.matcher(addresses);
            while (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        Map<Long, Integer> listeners = listeningSockets();
        Map<Long, Long> owners = socketOwners(listeners.keySet());
        Map<String, Long> pids = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (int port : ports) {
            Optional<Long> pid = listeners.entrySet().stream()
                    .filter(socket -> socket.getValue() == port && owners.containsKey(socket.getKey()))
                    .map(socket -> owners.get(socket.getKey()))
                    .findFirst();
            String address = "127.0.0.1:" + port;
            pid.ifPresentOrElse(p -> pids.put(address, p), () -> missing.add(address));
        }
        return new ServiceProcesses(pids, missing);
    }

    /** The CPU time of all of them so far, in clock ticks (a process gone counts 0). */
    long ticks() {
        return pids.values().stream()
                .distinct()
                .mapToLong(pid -> ProcessCpu.of(pid)
                        .map(cpu -> cpu.workTicks() + cpu.jitTicks())
                        .orElse(0L))
                .sum();
    }

    /** Listening TCP sockets: inode → port, from {@code /proc/net/tcp} and {@code tcp6}. */
    private static Map<Long, Integer> listeningSockets() {
        Map<Long, Integer> sockets = new LinkedHashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                List<String> fields = BLANKS.splitAsStream(line.strip()).toList();
                if (fields.size() > 9 && fields.get(3).equals(LISTEN)) {
                    String local = fields.get(1);
                    int port = HexFormat.fromHexDigits(local.substring(local.indexOf(':') + 1));
                    sockets.put(Long.parseLong(fields.get(9)), port);
                }
            }
        }
        return sockets;
    }

    /** The pid holding each of these socket inodes, from the links in {@code /proc/<pid>/fd}. */
    private static Map<Long, Long> socketOwners(Set<Long> inodes) {
        Map<Long, Long> owners = new LinkedHashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            long inode = Long.parseLong(target.substring(8, target.length() - 1));
                            if (inodes.contains(inode)) {
                                owners.put(inode, Long.parseLong(name));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended meanwhile, or one not ours to look into
                }
            }
        } catch (IOException e) {
            return owners;
        }
        return owners;
    }
}
