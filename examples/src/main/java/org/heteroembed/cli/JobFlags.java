package org.heteroembed.cli;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingException;
import org.heteroembed.config.ValueType;
import org.heteroembed.graph.io.GraphInput;
import org.heteroembed.job.EmbeddingJob;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags made from job settings: each {@link Setting} becomes an option with its flag, type, help
 * and default, in a help section per job section; {@code graph.input} becomes the positional INPUT. After parsing,
 * the flags the user gave override the job (from {@code --config FILE}, or the defaults), and setting errors name
 * the flag: {@code --epochs must be >= 1, got 0}.
 */
final class JobFlags {
    private static final Map<String, String> HEADINGS = Map.of("graph", "Graph input", "walks", "Walks",
            "skipGram", "Skip-gram pairs", "model", "Model", "training", "Training", "tables",
            "Tables larger than memory", "spark", "Spark");

    private JobFlags() {
    }

    /** Every setting of a job that trains in one process (all but the spark section). */
    static List<Setting<?, ?, ?>> localJob() {
        List<Setting<?, ?, ?>> settings = new java.util.ArrayList<>(EmbeddingJob.settings());
        settings.removeIf(s -> s.section().equals("spark"));
        return settings;
    }

    /** The settings that say how to read a graph file (INPUT first): for commands that only read a graph. */
    static List<Setting<?, ?, ?>> graphReading() {
        List<Setting<?, ?, ?>> settings = new java.util.ArrayList<>();
        for (Setting<?, ?, ?> s : GraphInput.SETTINGS.settings()) {
            if (s != GraphInput.HOLDOUT && s != GraphInput.HOLDOUT_NODES && s != GraphInput.DEMO_EDGES) {
                settings.add(s);
            }
        }
        return settings;
    }

    /**
     * The graph a command reads, with a progress bar over the input bytes.
     *
     * @throws IllegalArgumentException naming the flag of a wrong setting
     */
    static GraphInput.Loaded loadGraph(CommandSpec spec) throws IOException {
        GraphInput input = job(spec, null).graph();
        try (Progress progress = Progress.bytes("loading " + input.inputPath().getFileName(), input.inputBytes())) {
            return input.load(progress::step);
        }
    }

    /** Adds the setting options of every {@link JobCommand} below {@code cl} (recursively). */
    static void install(CommandLine cl) {
        if (cl.getCommand() instanceof JobCommand jc) {
            install(cl.getCommandSpec(), jc);
        }
        cl.getSubcommands().values().forEach(JobFlags::install);
    }

    private static void install(CommandSpec spec, JobCommand command) {
        Map<String, ArgGroupSpec.Builder> groups = new LinkedHashMap<>();
        for (Setting<?, ?, ?> s : command.jobSettings()) {
            if (s == GraphInput.INPUT) {
                spec.addPositional(PositionalParamSpec.builder().index("0").arity(command.inputRequired() ? "1" : "0..1")
                        .paramLabel("INPUT").type(Path.class)
                        .description(s.help().replace(" Relative to the job file.", "")
                                + (command.inputRequired() ? "" : " Default: " + s.defaultText() + "."))
                        .build());
                continue;
            }
            groups.computeIfAbsent(s.section(), k -> ArgGroupSpec.builder().exclusive(false).multiplicity("0..1")
                            .heading("%n" + HEADINGS.getOrDefault(k, k) + " (" + k + ".* in a job file):%n"))
                    .addArg(option(s));
        }
        groups.values().forEach(g -> spec.addArgGroup(g.build()));
    }

    private static OptionSpec option(Setting<?, ?, ?> s) {
        ValueType<?> type = s.type();
        String text = s.help() + (type.isBoolean() && Boolean.FALSE.equals(s.defaultValue()) ? ""
                : " Default: " + s.defaultText() + ".");
        OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(text);
        b.paramLabel(s.paramLabel() != null ? s.paramLabel() : upperCase(s.name()));
        if (type.isBoolean()) {
            b.type(boolean.class).arity("0");
            if (Boolean.TRUE.equals(s.defaultValue())) {
                b.negatable(true);
            }
        } else if (type.isList()) {
            b.type(List.class).auxiliaryTypes(type.elementType());
        } else if (type.isMap()) {
            b.type(Map.class).auxiliaryTypes(type.elementType(), type.mapValueType());
        } else if (type.isEnum()) {
            b.type(type.type()).converters(text1 -> enumValue(type, text1));
        } else {
            b.type(type.type());
        }
        return b.build();
    }

    /**
     * A setting's name as a help placeholder when it declares none, in the style of the others: walksPerNode as
     * WALKS_PER_NODE (never picocli's {@code <walksPerNode>}).
     */
    static String upperCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(ValueType<?> type, String text) {
        Object e = ValueType.parseEnum((Class) type.type(), text);
        if (e == null) {
            throw new CommandLine.TypeConversionException("expected " + type.description() + ", got '" + text + "'");
        }
        return e;
    }

    /** The settings the user gave as flags (and INPUT), by key, in the command's order. */
    static Map<String, Object> given(CommandSpec spec) {
        Map<String, Object> values = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Setting<?, ?, ?> s : ((JobCommand) spec.userObject()).jobSettings()) {
            if (s == GraphInput.INPUT) {
                PositionalParamSpec input = spec.positionalParameters().stream()
                        .filter(p -> "INPUT".equals(p.paramLabel())).findFirst().orElseThrow();
                if (parsed.hasMatchedPositional(input)) {
                    values.put(s.key(), input.getValue().toString());
                }
                continue;
            }
            OptionSpec o = spec.findOption(s.flag());
            if (parsed.hasMatchedOption(o)) {
                values.put(s.key(), o.getValue());
            }
        }
        return values;
    }

    /**
     * The job of a command: the job file (or the defaults) with the user's flags on top.
     *
     * @param config a job file, or null
     * @throws IllegalArgumentException naming the flag, or the file and key, of a setting that is wrong
     */
    static EmbeddingJob job(CommandSpec spec, Path config) throws IOException {
        EmbeddingJob base = config == null ? EmbeddingJob.defaults() : EmbeddingJob.fromFile(config);
        try {
            return base.with(given(spec));
        } catch (SettingException e) {
            throw inUserTerms(spec, config, e);
        }
    }

    /**
     * A setting error as the user wrote the setting: by its flag when they gave it as one (or gave no job file),
     * else by the job file and key.
     */
    static IllegalArgumentException inUserTerms(CommandSpec spec, Path config, SettingException e) {
        if (e instanceof EmbeddingJob.FileSettingException) {
            return e;
        }
        if (given(spec).containsKey(e.key()) || config == null) {
            return new IllegalArgumentException(e.forFlag(), e);
        }
        return new IllegalArgumentException(config + ": " + e.getMessage() + " (with the flags given)", e);
    }
}
