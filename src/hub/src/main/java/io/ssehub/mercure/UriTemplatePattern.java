package io.ssehub.mercure;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RFC 6570 URI template (all four levels) as the pattern of the URIs it can expand to: how Mercure matches
 * a topic against a template selector ("topic selectors", step 3). Each expression becomes what its operator
 * can produce: the variables it names, in order, any of them undefined, with the operator's prefix and
 * separators; a value is made of the characters the operator leaves unencoded (unreserved, plus reserved for
 * {@code +} and {@code #}), percent-encoded triplets, and, as a topic may be an IRI, non-ASCII characters.
 * A prefix modifier bounds the value's length; an explode lets it repeat with the operator's separator.
 *
 * <p>No Java library on Maven Central matches URIs against RFC 6570 templates (those there only expand
 * them, or match a framework's own simpler syntax). The pattern runs on RE2 ({@code re2j}), in time linear in
 * the topic, whatever a subscriber writes.
 */
final class UriTemplatePattern {

    /**
     * Longest prefix modifier matched (RFC 6570 allows up to 9999): each unit of it is a state of the
     * compiled pattern, and a subscriber chooses the template.
     */
    static final int MAX_PREFIX = 255;
    /** Most variables in one expression: the pattern of an expression grows with their square. */
    static final int MAX_VARIABLES = 16;
    /**
     * Largest compiled pattern (RE2 instructions) kept; a larger one is no template, only a string. Every
     * template a real application writes is far smaller, and a stream holds its patterns while it is open.
     */
    static final int MAX_PROGRAM_SIZE = 1_000;

    private static final String PCT = "%[0-9A-Fa-f]{2}";
    private static final String NON_ASCII = "[^\\x00-\\x7F]";
    private static final String UNRESERVED = "(?:[A-Za-z0-9\\-._~]|" + PCT + "|" + NON_ASCII + ")";
    private static final String UNRESERVED_OR_RESERVED =
            "(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|" + PCT + "|" + NON_ASCII + ")";
    /** Characters a literal may not hold (RFC 6570, section 2.1), besides controls and non-pct {@code %}. */
    private static final String NOT_LITERAL = " \"'<>\\^`{|}";

    private UriTemplatePattern() {
    }

    /**
     * The pattern of {@code template}; empty when it is not a valid URI template or has no expression (a plain
     * string, matched by equality only).
     */
    static Optional<Pattern> of(String template) {
        StringBuilder regex = new StringBuilder(template.length() * 4);
        int expressions = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    return Optional.empty();
                }
                Optional<String> expression = expression(template.substring(i + 1, end));
                if (expression.isEmpty()) {
                    return Optional.empty();
                }
                regex.append(expression.get());
                expressions++;
                i = end + 1;
            } else if (c == '%') {
                if (i + 2 >= template.length() || !isHex(template.charAt(i + 1)) || !isHex(template.charAt(i + 2))) {
                    return Optional.empty();
                }
                regex.append(Pattern.quote(template.substring(i, i + 3)));
                i += 3;
            } else if (Character.isISOControl(c) || NOT_LITERAL.indexOf(c) >= 0) {
                return Optional.empty();
            } else {
                int start = i;
                while (i < template.length() && "{%".indexOf(template.charAt(i)) < 0
                        && !Character.isISOControl(template.charAt(i)) && NOT_LITERAL.indexOf(template.charAt(i)) < 0) {
                    i++;
                }
                regex.append(Pattern.quote(template.substring(start, i)));
            }
        }
        if (expressions == 0) {
            return Optional.empty();
        }
        try {
            Pattern pattern = Pattern.compile(regex.toString());
            return pattern.programSize() <= MAX_PROGRAM_SIZE ? Optional.of(pattern) : Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** One expression's pattern (what is between the braces); empty if it breaks the grammar. */
    private static Optional<String> expression(String body) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Operator operator = Operator.of(body.charAt(0));
        String list = operator == Operator.SIMPLE ? body : body.substring(1);
        if ("=,!@|".indexOf(body.charAt(0)) >= 0) {
            return Optional.empty(); // reserved for future extensions (RFC 6570, section 2.2)
        }
        String[] varspecs = list.split(",", -1);
        if (varspecs.length > MAX_VARIABLES) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (String varspec : varspecs) {
            Optional<String> item = varspec(operator, varspec);
            if (item.isEmpty()) {
                return Optional.empty();
            }
            items.add(item.get());
        }
        String separator = Pattern.quote(operator.separator);
        return Optional.of("(?:" + Pattern.quote(operator.first) + present(items, 0, separator) + ")?");
    }

    /**
     * The items from {@code from} on, each of them optional (an undefined variable expands to nothing), at
     * least one present, separated where two are: {@code (?:a(?:,b)?(?:,c)?|b(?:,c)?|c)}.
     */
    private static String present(List<String> items, int from, String separator) {
        StringBuilder first = new StringBuilder("(?:");
        for (int i = from; i < items.size(); i++) {
            if (i > from) {
                first.append('|');
            }
            first.append(items.get(i));
            for (int j = i + 1; j < items.size(); j++) {
                first.append("(?:").append(separator).append(items.get(j)).append(")?");
            }
        }
        return first.append(')').toString();
    }

    private static Optional<String> varspec(Operator operator, String varspec) {
        boolean explode = varspec.endsWith("*");
        String name = explode ? varspec.substring(0, varspec.length() - 1) : varspec;
        int prefix = -1;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            String digits = name.substring(colon + 1);
            if (explode || !digits.matches("[1-9][0-9]{0,3}") || Integer.parseInt(digits) > MAX_PREFIX) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
            name = name.substring(0, colon);
        }
        if (!name.matches("(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*")) {
            return Optional.empty();
        }
        String character = operator.reserved ? UNRESERVED_OR_RESERVED : UNRESERVED;
        String value;
        if (prefix > 0) {
            value = character + "{0," + prefix + "}";
        } else if (explode) {
            // Each member alone, or key=value for an associative array, joined by the operator's separator.
            String member = "(?:" + character + "|=|,)*";
            value = member + "(?:" + Pattern.quote(operator.separator) + member + ")*";
        } else {
            // A list or an associative array joins its members with commas.
            value = "(?:" + character + "|,)*";
        }
        if (!operator.named || explode) {
            return Optional.of(value);
        }
        String named = Pattern.quote(name);
        // ";" leaves "=" out of an empty value, "?" and "&" keep it (RFC 6570, section 3.2.1, ifemp).
        return Optional.of(operator.first.equals(";") ? named + "(?:=" + value + ")?" : named + "=" + value);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** The operators of RFC 6570, section 3.2.1 (Appendix A): what each puts first and between values. */
    private enum Operator {
        SIMPLE("", ",", false, false),
        RESERVED("", ",", false, true),
        FRAGMENT("#", ",", false, true),
        LABEL(".", ".", false, false),
        PATH("/", "/", false, false),
        PATH_PARAMETER(";", ";", true, false),
        QUERY("?", "&", true, false),
        QUERY_CONTINUATION("&", "&", true, false);

        final String first;
        final String separator;
        final boolean named;
        final boolean reserved;

        Operator(String first, String separator, boolean named, boolean reserved) {
            this.first = first;
            this.separator = separator;
            this.named = named;
            this.reserved = reserved;
        }

        static Operator of(char c) {
            return switch (c) {
                case '+' -> RESERVED;
                case '#' -> FRAGMENT;
                case '.' -> LABEL;
                case '/' -> PATH;
                case ';' -> PATH_PARAMETER;
                case '?' -> QUERY;
                case '&' -> QUERY_CONTINUATION;
                default -> SIMPLE;
            };
        }
    }
}
