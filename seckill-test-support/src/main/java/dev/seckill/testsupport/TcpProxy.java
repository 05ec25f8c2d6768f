package dev.seckill.testsupport;

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
 * A loopback TCP proxy in front of a real server, so that a test can cut the network to it
 * ({@link #cut}: open connections are dropped and new ones refused) and bring it back
 * ({@link #restore}) without stopping the shared server itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final TestServices.Endpoint target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;

    public TcpProxy(TestServices.Endpoint target) {
        this.target = target;
        listen(0);
    }

    /** The proxy's own endpoint, to give to the code under test. */
    public TestServices.Endpoint endpoint() {
        return new TestServices.Endpoint("127.0.0.1", port);
    }

    /** Drops every open connection and refuses new ones. */
    public synchronized void cut() {
        closeQuietly(server);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
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

    private void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
        }
        ServerSocket listening = server;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(target.host(), target.port());
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
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // nothing to do: it is going away anyway
        }
    }
}
