package org.heteroembed.spark;

import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * The Aeron UDP port of DL4J's gradient sharing: the given port in the driver JVM (the parameter-server
 * controller every executor connects to), a free port in any other JVM. DL4J 1.0.0-M2 ignores
 * {@code VoidConfiguration.unicastPort}, and one fixed port for all would make two JVMs on one machine (or a
 * driver and an executor) collide. The driver is the JVM that built the training master
 * ({@link #markDriver()}); in {@code local[N]} the executors are threads of that JVM and share its transport.
 */
public final class DriverPortSupplier implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private static volatile boolean driver;
    private final int driverPort;
    private final String bindAddress;

    public DriverPortSupplier(int driverPort, String bindAddress) {
        if (driverPort < 1 || driverPort > 65535) {
            throw new IllegalArgumentException("Aeron port must be in 1..65535, got " + driverPort);
        }
        this.driverPort = driverPort;
        this.bindAddress = bindAddress;
    }

    /** Marks this JVM as the Spark driver. */
    static void markDriver() {
        driver = true;
    }

    @Override
    public int getPort() {
        if (driver) {
            return driverPort;
        }
        try (DatagramSocket s = new DatagramSocket()) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port for Aeron", e);
        }
    }
}
