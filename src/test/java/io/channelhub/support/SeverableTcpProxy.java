package io.channelhub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder between a process under test and a server (e.g. the hub and its PostgreSQL), that a test can cut:
 * {@link #sever(Duration)} closes every live connection at once, as a network partition or a database failover does,
 * and for the given time closes each new connection as soon as it is accepted, so the client sees the server
 * unreachable until the time is up. Bytes are forwarded as they come; nothing is parsed.
 */
public final class SeverableTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile long severedUntilNanos = System.nanoTime();
    private volatile boolean closed;

    private SeverableTcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code host:port}. */
    public static SeverableTcpProxy to(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            SeverableTcpProxy proxy = new SeverableTcpProxy(listener, new InetSocketAddress(host, port));
            proxy.threads.submit(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Cuts every live connection now and refuses new ones for {@code outage}; returns how many were cut. */
    public int sever(Duration outage) {
        severedUntilNanos = System.nanoTime() + outage.toNanos();
        int cut = 0;
        for (Socket socket : open) {
            closeQuietly(socket);
            cut++;
        }
        return cut;
    }

    /** Connections closed on arrival while severed. */
    public int refusedConnections() {
        return refused.get();
    }

    private boolean severed() {
        return System.nanoTime() - severedUntilNanos < 0;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (severed()) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            threads.submit(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        threads.submit(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // one side closed or was cut: the other side is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
