package org.heteroembed.graph.io;

/**
 * Nodes as single whitespace-free tokens, {@code type:id}, for walk corpora and word2vec-format exports.
 * Whitespace and {@code %} inside a type or id are percent-encoded ({@code %20}, {@code %09}, {@code %0A},
 * {@code %0D}, {@code %25}) so every node stays one word; {@link #parse} undoes it.
 */
public final class NodeTokens {
    private NodeTokens() {
    }

    public static String token(String type, String id) {
        return escape(type) + ":" + escape(id);
    }

    /** {type, id} of a token; the type is everything before the first colon. */
    public static String[] parse(String token) {
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("token '" + token + "' is not type:id");
        }
        return new String[]{unescape(token.substring(0, colon)), unescape(token.substring(colon + 1))};
    }

    /** Percent-encodes the characters that would split or break a whitespace-separated token. */
    public static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '%') {
                StringBuilder sb = new StringBuilder(s.length() + 8);
                for (int j = 0; j < s.length(); j++) {
                    char d = s.charAt(j);
                    switch (d) {
                        case ' ' -> sb.append("%20");
                        case '\t' -> sb.append("%09");
                        case '\n' -> sb.append("%0A");
                        case '\r' -> sb.append("%0D");
                        case '%' -> sb.append("%25");
                        default -> sb.append(d);
                    }
                }
                return sb.toString();
            }
        }
        return s;
    }

    public static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%20", " ").replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }
}
