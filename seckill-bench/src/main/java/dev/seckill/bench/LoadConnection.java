package dev.seckill.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One keep-alive connection of a {@link LoadLoop}, with the request it carries. */
final class LoadConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LoadConnection.class);
    private static final int BUFFER_BYTES = 16 * 1024;

    final InetSocketAddress target;
    final byte[] in = new byte[BUFFER_BYTES];
    final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    SocketChannel channel;
    SelectionKey key;
    boolean connecting;
    ByteBuffer out;
    long index = -1;
    int slot;
    long dueAt;
    long sentAt;
    boolean inFlight;
    long notBefore;

    LoadConnection(InetSocketAddress target) {
        this.target = target;
    }

    /** Closes the socket (the loop opens another when the plan goes on). */
    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a connection: {}", e.toString());
            }
        }
        channel = null;
        key = null;
        connecting = false;
        inBuffer.clear();
    }

    /** What went wrong, in the words the report counts failures by. */
    static String failureKind(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("reset")) {
            return "connection reset";
        }
        if (message.contains("broken pipe")) {
            return "broken pipe";
        }
        return "io error";
    }
}
