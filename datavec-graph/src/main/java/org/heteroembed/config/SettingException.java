package org.heteroembed.config;

/**
 * A setting has a value it cannot take, or a key that is not a setting. The message names the setting in the
 * user's terms: by its key in a job file ({@code training.epochs must be >= 1, got 0}), or, through
 * {@link #forFlag()}, by its command-line flag ({@code --epochs must be >= 1, got 0}), never by a Java field.
 */
public class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String flag;
    private final String problem;

    /**
     * @param key     the setting's key, e.g. {@code training.epochs}
     * @param flag    its command-line flag, or null
     * @param problem what is wrong, phrased to follow the name: "must be >= 1, got 0"
     */
    public SettingException(String key, String flag, String problem) {
        super(key + " " + problem);
        this.key = key;
        this.flag = flag;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** The command-line flag of the setting, or null when it has none. */
    public String flag() {
        return flag;
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }

    /** The message naming the flag (when the setting has one) instead of the key. */
    public String forFlag() {
        return (flag != null ? flag : key) + " " + problem;
    }

    /** The message for a value read from {@code file}: {@code job.yaml: training.epochs must be >= 1, got 0}. */
    public String inFile(String file) {
        return file + ": " + key + " " + problem;
    }
}
