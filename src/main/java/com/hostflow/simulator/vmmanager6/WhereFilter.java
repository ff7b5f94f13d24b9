package com.hostflow.simulator.vmmanager6;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * VMmanager's {@code where=} list filter, e.g. {@code ((consul_id+EQ+'123')+AND+(name+EQ+host_create))}: comparisons
 * {@code field OP value} with EQ, NE (equal, not equal) and CP, NC (contains, does not contain, ignoring case), joined by
 * AND (binding tighter) and OR, with parentheses. Values come quoted ({@code 'a b'}) or bare ({@code 123}); words are
 * separated by {@code +} or blanks, because clients send the {@code +} unencoded.
 */
final class WhereFilter {

    private final Node root;

    private WhereFilter(Node root) {
        this.root = root;
    }

    /** Parses the filter text as it is after percent-decoding ({@code +} still meaning a separator). */
    static WhereFilter parse(String text) {
        Parser parser = new Parser(tokenize(text));
        Node node = parser.orExpression();
        if (!parser.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + parser.peek().text + "' in where filter");
        }
        return new WhereFilter(node);
    }

    /** Reads the raw {@code where} parameter of a query string, decoding %XX but keeping {@code +} as it came. */
    static String rawParameter(String queryString, String name) {
        if (queryString == null) {
            return null;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return percentDecode(equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return null;
    }

    boolean matches(Function<String, Object> fields) {
        return root.matches(fields);
    }

    /**
     * The value the filter requires {@code field} to equal ({@code field EQ value}, alone or joined by AND), or null
     * when items with other values can match too. Lets a list be narrowed through an index, as a real VMmanager's
     * database would, before the whole filter is applied.
     */
    String requiredValue(String field) {
        return root.requiredValue(field);
    }

    private static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '+' || Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(String.valueOf(c), false));
                i++;
            } else if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quoted value in where filter");
                }
                tokens.add(new Token(text.substring(i + 1, end), true));
                i = end + 1;
            } else {
                int start = i;
                while (i < text.length() && "+() \t'\"".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), false));
            }
        }
        return tokens;
    }

    private record Token(String text, boolean quoted) {

        boolean is(String word) {
            return !quoted && text.equalsIgnoreCase(word);
        }
    }

    private interface Node {

        boolean matches(Function<String, Object> fields);

        default String requiredValue(String field) {
            return null;
        }
    }

    private record And(Node left, Node right) implements Node {

        @Override
        public boolean matches(Function<String, Object> fields) {
            return left.matches(fields) && right.matches(fields);
        }

        @Override
        public String requiredValue(String field) {
            String value = left.requiredValue(field);
            return value != null ? value : right.requiredValue(field);
        }
    }

    private record Or(Node left, Node right) implements Node {

        @Override
        public boolean matches(Function<String, Object> fields) {
            return left.matches(fields) || right.matches(fields);
        }
    }

    private record Comparison(String field, String operator, String value) implements Node {

        @Override
        public boolean matches(Function<String, Object> fields) {
            return switch (operator) {
                case "EQ" -> value.equals(text(fields.apply(field)));
                case "NE" -> !value.equals(text(fields.apply(field)));
                case "CP" -> contains(fields.apply(field), value);
                default -> !contains(fields.apply(field), value);
            };
        }

        @Override
        public String requiredValue(String wanted) {
            return operator.equals("EQ") && field.equals(wanted) ? value : null;
        }

        private static String text(Object value) {
            return value == null ? null : String.valueOf(value);
        }

        private static boolean contains(Object field, String value) {
            String text = text(field);
            return text != null && text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
        }
    }

    private static final class Parser {

        private final List<Token> tokens;
        private int position;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return position >= tokens.size();
        }

        Token peek() {
            if (atEnd()) {
                throw new IllegalArgumentException("where filter ends too early");
            }
            return tokens.get(position);
        }

        Token next() {
            Token token = peek();
            position++;
            return token;
        }

        Node orExpression() {
            Node left = andExpression();
            while (!atEnd() && peek().is("OR")) {
                next();
                left = new Or(left, andExpression());
            }
            return left;
        }

        Node andExpression() {
            Node left = primary();
            while (!atEnd() && peek().is("AND")) {
                next();
                left = new And(left, primary());
            }
            return left;
        }

        Node primary() {
            if (peek().is("(")) {
                next();
                Node inner = orExpression();
                if (!next().is(")")) {
                    throw new IllegalArgumentException("missing ')' in where filter");
                }
                return inner;
            }
            String field = next().text;
            String operator = next().text.toUpperCase(Locale.ROOT);
            Token valueToken = next();
            if (valueToken.is(")") || valueToken.is("(")) {
                throw new IllegalArgumentException("missing value after " + field + " " + operator);
            }
            if (!List.of("EQ", "NE", "CP", "NC").contains(operator)) {
                throw new IllegalArgumentException("unknown operator " + operator + " in where filter");
            }
            return new Comparison(field, operator, valueToken.text);
        }
    }
}
