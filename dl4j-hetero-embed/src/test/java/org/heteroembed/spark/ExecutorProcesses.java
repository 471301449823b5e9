package org.heteroembed.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The executor JVMs of a {@code local-cluster} Spark (children of this JVM: its in-process workers fork them), read
 * from Linux's {@code /proc}: which process is which executor, and which network sockets a process holds.
 */
final class ExecutorProcesses {
    private ExecutorProcesses() {
    }

    /** A live executor JVM and its Spark executor id. */
    record Executor(ProcessHandle process, String executorId) {
    }

    static List<Executor> alive() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            List<Executor> found = new ArrayList<>();
            for (ProcessHandle p : all.filter(ProcessHandle::isAlive).toList()) {
                commandLine(p).filter(args -> args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                        .ifPresent(args -> found.add(new Executor(p, args.get(args.indexOf("--executor-id") + 1))));
            }
            return found;
        }
    }

    static Optional<Executor> byId(String executorId) {
        return alive().stream().filter(e -> e.executorId().equals(executorId)).findFirst();
    }

    /** ProcessHandle.Info truncates long command lines; /proc has all of it. Empty once the process is gone. */
    private static Optional<List<String>> commandLine(ProcessHandle p) {
        try {
            return Optional.of(List.of(Files.readString(Paths.get("/proc", Long.toString(p.pid()), "cmdline")).split("\0")));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** A bound TCP or UDP socket of a process. */
    record Socket(String protocol, InetAddress address, int port) {
        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    /**
     * The process's bound sockets (TCP in any state, UDP), from its file descriptors and its view of
     * {@code /proc/net}; sockets not bound to a port yet are left out. Empty if the process is gone.
     */
    static List<Socket> sockets(long pid) {
        Path proc = Paths.get("/proc", Long.toString(pid));
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closed) {
                    // the descriptor was closed while listing
                }
            }
            List<Socket> sockets = new ArrayList<>();
            for (String protocol : new String[]{"tcp", "tcp6", "udp", "udp6"}) {
                List<String> lines = Files.readAllLines(proc.resolve("net").resolve(protocol));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    String[] local = f[1].split(":");
                    int port = Integer.parseInt(local[1], 16);
                    if (inodes.contains(f[9]) && port != 0) {
                        sockets.add(new Socket(protocol, address(local[0]), port));
                    }
                }
            }
            return sockets;
        } catch (IOException gone) {
            return List.of();
        }
    }

    /** /proc/net's address: 32-bit words, each in the host's (little-endian) byte order. */
    private static InetAddress address(String hex) {
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2);
        for (int word = 0; word < hex.length() / 8; word++) {
            bytes.putInt(Integer.reverseBytes(Integer.parseUnsignedInt(hex.substring(word * 8, word * 8 + 8), 16)));
        }
        try {
            return InetAddress.getByAddress(bytes.array()); // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalStateException(hex, e);
        }
    }
}
