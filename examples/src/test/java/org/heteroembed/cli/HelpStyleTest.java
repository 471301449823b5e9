package org.heteroembed.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One help style for every command and subcommand, read from picocli's model of the command line (so a command
 * or a job setting added later is checked too): value placeholders are UPPER_CASE words or choice lists, never
 * picocli's {@code <fieldName>} default; and each command's first description line, the one the parent's command
 * list shows, is a whole short sentence.
 */
class HelpStyleTest {
    /** FILE, N, TYPE=N, ... */
    private static final Pattern WORD = Pattern.compile("[A-Z][A-Z0-9_]*(=[A-Z][A-Z0-9_]*)?");
    /** cosine|dot, hash|label-propagation, ... */
    private static final Pattern CHOICES = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\|[a-z0-9]+(-[a-z0-9]+)*)+");
    /** Longer first lines wrap to a third line in the parent's 80-column command list. */
    private static final int MAX_FIRST_LINE = 110;

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(HeteroEmbedCli.commandLine(), all);
        return all;
    }

    /** The problems with one command's placeholders and first description line (empty: none). */
    static List<String> problems(CommandSpec spec) {
        List<String> problems = new ArrayList<>();
        String name = spec.qualifiedName();
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec a : args) {
            if (a.arity().max() == 0) {
                continue; // a flag without a value (--overwrite, --help): no placeholder is shown
            }
            String label = a.paramLabel();
            String what = a instanceof OptionSpec o ? o.longestName() : "positional " + label;
            if (!WORD.matcher(label).matches() && !CHOICES.matcher(label).matches()) {
                problems.add(name + " " + what + ": placeholder '" + label + "' is neither an UPPER_CASE word nor a "
                        + "choice list like cosine|dot");
            }
        }
        String[] description = spec.usageMessage().description();
        String first = description.length == 0 ? "" : description[0].trim();
        if (!first.endsWith(".")) {
            problems.add(name + ": first description line does not end a sentence: '" + first + "'");
        }
        if (first.length() > MAX_FIRST_LINE) {
            problems.add(name + ": first description line has " + first.length() + " characters (at most "
                    + MAX_FIRST_LINE + "): '" + first + "'");
        }
        return problems;
    }

    @Test
    void everyCommandHasUpperCasePlaceholdersAndASentenceFirst() {
        List<CommandLine> all = allCommands();
        assertTrue(all.size() > 20, "walked " + all.size() + " commands");
        List<String> problems = new ArrayList<>();
        for (CommandLine cl : all) {
            problems.addAll(problems(cl.getCommandSpec()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckFindsPicocliDefaultsAndCutSentences() {
        @CommandLine.Command(name = "bad", description = {"Does something with a description cut", "mid-sentence."})
        class Bad {
            @CommandLine.Option(names = "--count")
            int count;
            @CommandLine.Option(names = "--ratio", paramLabel = "R,R,...")
            double ratio;
            @CommandLine.Option(names = "--mode", paramLabel = "fast|slow")
            String mode;
            @CommandLine.Option(names = "--quiet")
            boolean quiet;
            @CommandLine.Parameters(index = "0", paramLabel = "FILE")
            String file;
        }
        List<String> problems = problems(new CommandLine(new Bad()).getCommandSpec());
        assertEquals(3, problems.size(), problems.toString());
        String all = String.join("\n", problems);
        assertTrue(all.contains("--count: placeholder '<count>'"), all);
        assertTrue(all.contains("--ratio: placeholder 'R,R,...'"), all);
        assertTrue(all.contains("bad: first description line does not end a sentence"), all);
    }

    @Test
    void rootListShowsWholeSentences() {
        HeteroEmbedCliTest.Run help = HeteroEmbedCliTest.run("--help");
        assertEquals(0, help.exit());
        // the listing once cut these mid-sentence (only a command's first description line is listed)
        String listing = help.out().replaceAll("\\s+", " ");
        assertTrue(listing.contains("search Search the hyperparameters of an embedding job (Arbiter random or grid "
                + "search). eval"), help.out());
        assertTrue(listing.contains("eval Evaluate a model: link prediction, node classification and clustering. "
                + "nearest"), help.out());
        HeteroEmbedCliTest.Run bench = HeteroEmbedCliTest.run("bench", "--help");
        assertTrue(bench.out().replaceAll("\\s+", " ").contains("Measure Spark training pairs/s with 1 and 2 workers for each "
                + "training mode."), bench.out());
    }

    @Test
    void settingsWithoutAPlaceholderGetTheirNameInUpperCase() {
        assertEquals("WALKS_PER_NODE", JobFlags.upperCase("walksPerNode"));
        assertEquals("P", JobFlags.upperCase("p"));
    }
}
