package dev.tether.server.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A raw connection that keeps sending {@code dribble} a byte at a time until the server closes it. */
final class Dribble implements AutoCloseable {

    private static final long DRIBBLE_MS = 150;

    final Socket socket;
    final long started = System.nanoTime();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    volatile long closedAfterMs = -1;
    private final Thread writer;
    private final Thread reader;

    Dribble(int port, byte[] first, byte[] dribble) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(first);
        out.flush();
        reader = Thread.ofVirtual().start(() -> {
            try {
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    synchronized (received) {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // reset by the server: closed all the same
            }
            closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        });
        writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; closedAfterMs < 0 && i < 200; i++) {
                    out.write(dribble[i % dribble.length]);
                    out.flush();
                    Thread.sleep(DRIBBLE_MS); // the pace of the attack itself, not a wait for a result
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server
            }
        });
    }

    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        writer.join();
        reader.join();
    }
}
