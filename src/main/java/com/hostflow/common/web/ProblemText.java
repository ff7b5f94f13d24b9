package com.hostflow.common.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps a problem answer small whatever the request held: input is echoed at most {@value #MAX_ECHO} characters long,
 * and a 400 lists at most {@value #MAX_LISTED} field problems (the detail counts the rest). Built in linear time, so
 * a body with 100,000 bad keys costs no more to refuse than to read.
 */
final class ProblemText {

    static final int MAX_ECHO = 100;
    static final int MAX_ECHOED_VALUES = 5;
    static final int MAX_LISTED = 20;
    /** a field name or message a service built from input (a key, a value): longer than anything HostFlow writes */
    static final int MAX_FIELD = 200;
    static final int MAX_MESSAGE = 1000;

    private ProblemText() {
    }

    /** A value from the request as a problem quotes it: arrays (a repeated query parameter) by their elements. */
    static String echo(Object value) {
        if (value instanceof Object[] values) {
            return Arrays.stream(values).limit(MAX_ECHOED_VALUES).map(ProblemText::echo)
                    .collect(Collectors.joining("', '")) + (values.length > MAX_ECHOED_VALUES ? "', …" : "");
        }
        return cut(String.valueOf(value), MAX_ECHO);
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /** The problems a 400 lists, each cut to a sane length. */
    static List<FieldProblem> listed(List<FieldProblem> problems) {
        return problems.stream().limit(MAX_LISTED)
                .map(p -> new FieldProblem(cut(p.field(), MAX_FIELD), cut(p.message(), MAX_MESSAGE)))
                .toList();
    }

    /** {@code field: message; field: message; and 99980 more problems}. */
    static String summary(List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            return "invalid input";
        }
        StringBuilder summary = new StringBuilder();
        for (FieldProblem problem : listed(problems)) {
            if (!summary.isEmpty()) {
                summary.append("; ");
            }
            summary.append(problem.field()).append(": ").append(problem.message());
        }
        int more = problems.size() - MAX_LISTED;
        if (more > 0) {
            summary.append("; and ").append(more).append(more == 1 ? " more problem" : " more problems");
        }
        return summary.toString();
    }
}
