package org.heteroembed.job;

import org.heteroembed.config.ByteSize;
import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;

import java.io.Serializable;

/**
 * Where a job's embedding tables live: whole in memory (the default), or split into partitions on disk and trained
 * bucket by bucket with only a few partitions in memory at once (tables larger than memory). The {@code tables}
 * section of a job file; settings declared once in {@link #SETTINGS}. Immutable.
 */
public final class TablesConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How nodes are assigned to partitions. */
    public enum Partitioner {
        /** A seeded hash of the node: balanced partitions, no locality. */
        HASH,
        /** Label-propagation communities packed into partitions: most pairs stay within one partition. */
        LABEL_PROPAGATION
    }

    public static final Setting<TablesConfig, Builder, Integer> PARTITIONS = Setting.of("tables", "partitions",
                    ValueType.INT, TablesConfig::partitions, Builder::partitions)
            .flag("--partitions").paramLabel("P").defaultValue(0).atLeast(0).atMost(64)
            .help("Split every type's table into P partitions on disk and train bucket by bucket (tables larger "
                    + "than memory; the output is a model directory); 0: whole tables in memory. On Spark (--mode "
                    + "partitioned) the partitions are spread over the executors: P a multiple of them.");
    public static final Setting<TablesConfig, Builder, String> MEMORY = Setting.of("tables", "memory",
                    ValueType.STRING, TablesConfig::memory, Builder::memory)
            .flag("--memory").paramLabel("SIZE").optional("half of the memory the JVM can allocate off-heap")
            .rule(ByteSize::isValid, "must be a size such as 8g or 512m")
            .help("With --partitions: bytes of table rows held in memory at once (e.g. 8g); at least two partitions' "
                    + "rows.");
    public static final Setting<TablesConfig, Builder, Partitioner> PARTITIONER = Setting.of("tables", "partitioner",
                    ValueType.of(Partitioner.class), TablesConfig::partitioner, Builder::partitioner)
            .flag("--partitioner").paramLabel("hash|label-propagation").defaultValue(Partitioner.HASH)
            .help("With --partitions: how nodes are assigned to partitions.");
    public static final Setting<TablesConfig, Builder, String> SPILL_DIRECTORY = Setting.of("tables", "spillDirectory",
                    ValueType.STRING, TablesConfig::spillDirectory, Builder::spillDirectory)
            .flag("--spill-directory").paramLabel("DIR").optional("OUTPUT.spill beside the model").notIdentity()
            .help("With --partitions: where the walks' skip-gram windows are buffered per bucket (deleted after each "
                    + "epoch).");

    public static final Setting<TablesConfig, Builder, String> SPILL_LIMIT = Setting.of("tables", "spillLimit",
                    ValueType.STRING, TablesConfig::spillLimit, Builder::spillLimit)
            .flag("--spill-limit").paramLabel("SIZE").optional("half the free space of the spill directory's disk")
            .rule(ByteSize::isValid, "must be a size such as 20g")
            .help("With --partitions: disk for an epoch's spilled windows at most; an epoch that needs more is walked "
                    + "and trained in slices (each slice is one more pass over the partitions).");

    /** The {@code tables} section of a job. */
    public static final SettingSection<TablesConfig, Builder> SETTINGS = SettingSection.of("tables", Builder::new,
            Builder::build, PARTITIONS, MEMORY, PARTITIONER, SPILL_DIRECTORY, SPILL_LIMIT);

    private final int partitions;
    private final String memory;
    private final Partitioner partitioner;
    private final String spillDirectory;
    private final String spillLimit;

    private TablesConfig(Builder b) {
        this.partitions = b.partitions;
        this.memory = b.memory;
        this.partitioner = b.partitioner;
        this.spillDirectory = b.spillDirectory;
        this.spillLimit = b.spillLimit;
        SETTINGS.check(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return SETTINGS.toBuilder(this);
    }

    /** Partitions per type; 0: the tables are whole, in memory. */
    public int partitions() {
        return partitions;
    }

    /** Whether the tables are partitioned on disk. */
    public boolean partitioned() {
        return partitions > 0;
    }

    /** The memory budget as written (e.g. {@code 8g}), or null for the default. */
    public String memory() {
        return memory;
    }

    /** The memory budget in bytes, or -1 for the default. */
    public long memoryBytes() {
        return memory == null ? -1 : ByteSize.parse(memory);
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /** The spill directory, or null for the default (beside the output). */
    public String spillDirectory() {
        return spillDirectory;
    }

    /** The spill limit as written, or null for the default. */
    public String spillLimit() {
        return spillLimit;
    }

    /** The spill limit in bytes, or -1 for the default. */
    public long spillLimitBytes() {
        return spillLimit == null ? -1 : ByteSize.parse(spillLimit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TablesConfig t && SETTINGS.toTree(this).equals(SETTINGS.toTree(t));
    }

    @Override
    public int hashCode() {
        return SETTINGS.toTree(this).hashCode();
    }

    @Override
    public String toString() {
        return "TablesConfig" + SETTINGS.toTree(this);
    }

    public static final class Builder {
        private int partitions;
        private String memory;
        private Partitioner partitioner;
        private String spillDirectory;
        private String spillLimit;

        public Builder() {
            SETTINGS.applyDefaults(this);
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder memory(String memory) {
            this.memory = memory;
            return this;
        }

        public Builder partitioner(Partitioner partitioner) {
            this.partitioner = partitioner;
            return this;
        }

        public Builder spillDirectory(String dir) {
            this.spillDirectory = dir;
            return this;
        }

        public Builder spillLimit(String limit) {
            this.spillLimit = limit;
            return this;
        }

        public TablesConfig build() {
            return new TablesConfig(this);
        }
    }
}
