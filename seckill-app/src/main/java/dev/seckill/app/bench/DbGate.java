package dev.seckill.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of the database for the drain measurement: while it is
 * {@link #cut} the server's consumer cannot write (a DB outage to that server alone, the shared
 * DB keeps running for everyone else) and a backlog of orders builds up in Kafka; {@link #restore}
 * lets it drain.
 */
final class DbGate implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;

    DbGate(String targetHostPort) {
        int colon = targetHostPort.lastIndexOf(':');
        this.targetHost = targetHostPort.substring(0, colon);
        this.targetPort = Integer.parseInt(targetHostPort.substring(colon + 1));
        this.port = listen(0);
    }

    /** {@code 127.0.0.1:port} of the gate. */
    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Drops every open connection and refuses new ones. */
    synchronized void cut() {
        closeQuietly(server);
        sockets.forEach(DbGate::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() {
        if (server.isClosed()) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private int listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "db-gate-accept");
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
                // closed by cut(), or the DB refused: the client sees its connection dropped
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
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
        }, "db-gate-pipe");
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
