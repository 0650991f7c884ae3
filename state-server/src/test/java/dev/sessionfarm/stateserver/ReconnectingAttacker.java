package dev.sessionfarm.stateserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of issue 15: silent connections that never authenticate, each one replaced at once when the
 * server closes it. One thread and a selector hold up to {@code sockets} of them, for a bounded time.
 */
final class ReconnectingAttacker implements AutoCloseable
{
    private final InetSocketAddress target;
    private final int sockets;
    private final Thread thread;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private volatile boolean stop;
    private volatile int open;

    ReconnectingAttacker(int port, int sockets, long maxMillis)
    {
        this.target = new InetSocketAddress("127.0.0.1", port);
        this.sockets = sockets;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        this.thread = new Thread(() -> run(end), "attacker");
        thread.setDaemon(true);
        thread.start();
    }

    int open()
    {
        return open;
    }

    long opened()
    {
        return opened.get();
    }

    long closedByServer()
    {
        return closedByServer.get();
    }

    private void run(long end)
    {
        ByteBuffer sink = ByteBuffer.allocate(256);
        try (Selector selector = Selector.open())
        {
            while (!stop && System.nanoTime() < end)
            {
                while (selector.keys().size() < sockets && !stop)
                {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.connect(target);
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    opened.incrementAndGet();
                }
                open = selector.keys().size();
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys())
                {
                    SocketChannel channel = (SocketChannel)key.channel();
                    try
                    {
                        if (key.isConnectable())
                        {
                            channel.finishConnect();
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        else if (key.isReadable())
                        {
                            sink.clear();
                            if (channel.read(sink) < 0)
                            {
                                throw new IOException("closed");
                            }
                        }
                    }
                    catch (IOException closed)
                    {
                        closedByServer.incrementAndGet();
                        key.cancel();
                        channel.close();
                    }
                }
                selector.selectedKeys().clear();
                selector.selectNow();
            }
            for (SelectionKey key : selector.keys())
            {
                key.channel().close();
            }
        }
        catch (IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        stop = true;
        thread.join(10_000);
    }
}
