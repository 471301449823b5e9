package org.heteroembed.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches, while a {@code local-cluster} trains, the sockets of this JVM (driver, master, workers) and of the
 * executor JVMs: every bound TCP/UDP socket must be on loopback. Also counts the executors' UDP sockets (Aeron's),
 * to show the sampling saw gradient sharing's transport at all.
 */
final class SocketAudit implements AutoCloseable {
    private final Set<String> offLoopback = new LinkedHashSet<>();
    private final AtomicInteger maxExecutorUdpSockets = new AtomicInteger();
    private final Thread sampler;

    private SocketAudit() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                List<String> found = new ArrayList<>();
                maxExecutorUdpSockets.accumulateAndGet(sample(found), Math::max);
                synchronized (offLoopback) {
                    offLoopback.addAll(found);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }, "socket-audit");
        sampler.setDaemon(true);
    }

    static SocketAudit start() {
        SocketAudit audit = new SocketAudit();
        audit.sampler.start();
        return audit;
    }

    /** Adds "who: socket" for every socket off loopback to {@code offLoopback}; returns the executors' UDP sockets. */
    static int sample(List<String> offLoopback) {
        for (ExecutorProcesses.Socket s : ExecutorProcesses.sockets(ProcessHandle.current().pid())) {
            if (!s.address().isLoopbackAddress()) {
                offLoopback.add("driver JVM: " + s);
            }
        }
        int udp = 0;
        for (ExecutorProcesses.Executor e : ExecutorProcesses.alive()) {
            for (ExecutorProcesses.Socket s : ExecutorProcesses.sockets(e.process().pid())) {
                if (!s.address().isLoopbackAddress()) {
                    offLoopback.add("executor " + e.executorId() + ": " + s);
                }
                if (s.protocol().startsWith("udp")) {
                    udp++;
                }
            }
        }
        return udp;
    }

    /** The sockets seen off loopback so far. */
    List<String> offLoopback() {
        synchronized (offLoopback) {
            return List.copyOf(offLoopback);
        }
    }

    /** The most UDP sockets the executors held together at one sample. */
    int maxExecutorUdpSockets() {
        return maxExecutorUdpSockets.get();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
