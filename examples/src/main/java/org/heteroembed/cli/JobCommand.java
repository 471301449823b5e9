package org.heteroembed.cli;

import org.heteroembed.config.Setting;

import java.util.List;

/**
 * A subcommand whose flags are job settings: {@link JobFlags} adds one option per setting (flag, type, help and
 * default from the setting's declaration) when the command line is built, grouped by job section.
 */
interface JobCommand {
    /** The settings this command takes as flags ({@code graph.input} becomes the positional INPUT). */
    List<Setting<?, ?, ?>> jobSettings();

    /** Whether INPUT must be given (otherwise a missing INPUT means the generated demo graph). */
    default boolean inputRequired() {
        return false;
    }
}
