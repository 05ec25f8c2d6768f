package dev.seckill.tcpgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback TCP relay in front of a real server. {@link #cut} drops the open connections and
 * refuses new ones, {@link #restore} accepts them again on the same port: an outage for the
 * clients that go through the gate, while the server keeps serving everyone else (the outage
 * tests, and the bench's drain server whose orders pile up in Kafka meanwhile).
 */
public final class TcpGate implements AutoCloseable {

    // the gate's port is below the kernel's ephemeral range, so that while it is cut no client's own connection can
    // take it (a reconnect to it may even connect to itself there) and restore() can listen on it again
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    // above the local services' own ports (Kafka with three brokers takes 19092-19194)
    private static final int LOWEST_PORT = 20_000;
    private static final int LINUX_EPHEMERAL_START = 32_768;
    private static final int PORT_ATTEMPTS = 100;

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;

    /** Listens on a free loopback port and relays every connection to {@code targetHost:targetPort}. */
    public TcpGate(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listenBelowEphemeralPorts();
    }

    /** The gate's own port on 127.0.0.1, to give to the clients. */
    public int port() {
        return port;
    }

    /** Drops every open connection and refuses new ones. */
    public synchronized void cut() {
        closeQuietly(server);
        sockets.forEach(TcpGate::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (server.isClosed()) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private int listenBelowEphemeralPorts() {
        int end = ephemeralStart();
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                return listen(ThreadLocalRandom.current().nextInt(LOWEST_PORT, end));
            } catch (UncheckedIOException e) {
                last = e; // taken: another
            }
        }
        throw new UncheckedIOException(
                "no free port between " + LOWEST_PORT + " and " + end + " after " + PORT_ATTEMPTS + " tries",
                last.getCause());
    }

    private static int ephemeralStart() {
        try {
            // readAllLines: Java 17's readString reads only the first byte of this /proc file (its size says 0)
            int start = Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+", 2)[0]);
            return start > LOWEST_PORT + 1_000 ? start : LINUX_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return LINUX_EPHEMERAL_START;
        }
    }

    private int listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-gate-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                synchronized (this) {
                    // accepted while cut() ran: it must not outlive the cut
                    if (listening.isClosed()) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        return;
                    }
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client sees its connection dropped
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[32 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, read);
                        }
                    } catch (IOException e) {
                        // one side went away: close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "tcp-gate-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // going away anyway
        }
    }
}
