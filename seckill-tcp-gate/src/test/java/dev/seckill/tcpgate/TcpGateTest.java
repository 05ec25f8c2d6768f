package dev.seckill.tcpgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpGateTest {

    private final ServerSocket echo = echoServer();
    private final TcpGate gate = new TcpGate("127.0.0.1", echo.getLocalPort());

    @AfterEach
    void close() throws IOException {
        gate.close();
        echo.close();
    }

    @Test
    void theGateListensBelowTheEphemeralPortsSoThatNoClientConnectionCanTakeItsPort() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralStart = Files.isReadable(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+", 2)[0])
                : 32_768;

        assertThat(gate.port()).isBetween(20_000, ephemeralStart - 1);
    }

    @Test
    void aCutRefusesConnectionsAndARestoreRelaysAgainOnTheSamePort() throws IOException {
        assertThat(roundTrip("one")).isEqualTo("one");

        gate.cut();
        assertThatThrownBy(() -> roundTrip("refused")).isInstanceOf(IOException.class);

        gate.restore();
        assertThat(roundTrip("two")).isEqualTo("two");
    }

    private String roundTrip(String text) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gate.port())) {
            socket.setSoTimeout(5_000);
            byte[] sent = text.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(sent);
            // the gate relays both ways and ends both at once: read the echo, do not half-close
            return new String(socket.getInputStream().readNBytes(sent.length), StandardCharsets.UTF_8);
        }
    }

    /** Sends each connection back what it sends, one connection at a time. */
    private static ServerSocket echoServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try (Socket client = server.accept();
                                    InputStream in = client.getInputStream();
                                    OutputStream out = client.getOutputStream()) {
                                in.transferTo(out);
                            } catch (IOException e) {
                                // closed at the end of the test, or a client went away
                            }
                        }
                    },
                    "echo");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
