package com.hostflow.common.web;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders a form's field problems as the form lists its fields, and within one field by its path with list indexes
 * compared as numbers ({@code resources[2]} before {@code resources[10]}). Hibernate Validator hands a body's
 * constraint violations over from a hash set: the same body was answered with its problems in another order at each
 * try, and a client reading the first problem got a different one each time. The console's forms use it too.
 */
public final class FormOrder {

    private static final Pattern TOP_LEVEL = Pattern.compile("^[^.\\[]*");
    private static final Pattern NUMBER_OR_TEXT = Pattern.compile("\\d+|\\D+");

    private FormOrder() {
    }

    /** Compares problems of a form of the given type ({@code null}: by the path alone): by field, then message. */
    public static Comparator<FieldProblem> problems(Class<?> form) {
        return Comparator.comparing(FieldProblem::field, of(form))
                .thenComparing(FieldProblem::message, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** Compares field paths of a form of the given type ({@code null}: by the path alone). */
    static Comparator<String> of(Class<?> form) {
        List<String> declared = form == null ? List.of() : fieldNames(form);
        Comparator<String> byDeclaration = Comparator.comparingInt(path -> {
            Matcher top = TOP_LEVEL.matcher(path);
            int at = top.find() ? declared.indexOf(top.group()) : -1;
            return at < 0 ? Integer.MAX_VALUE : at;
        });
        return byDeclaration.thenComparing(FormOrder::naturally);
    }

    private static List<String> fieldNames(Class<?> form) {
        List<String> names = new ArrayList<>();
        if (form.isRecord()) {
            for (RecordComponent component : form.getRecordComponents()) {
                names.add(component.getName());
            }
            return names;
        }
        for (Class<?> type = form; type != null && type != Object.class; type = type.getSuperclass()) {
            List<String> own = new ArrayList<>();
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    own.add(field.getName());
                }
            }
            names.addAll(0, own);
        }
        return names;
    }

    /** Text by its characters, runs of digits by their value. */
    private static int naturally(String a, String b) {
        Matcher left = NUMBER_OR_TEXT.matcher(a);
        Matcher right = NUMBER_OR_TEXT.matcher(b);
        while (left.find() && right.find()) {
            String x = left.group();
            String y = right.group();
            boolean numbers = Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0));
            int order = numbers ? Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())
                    .compare(x.replaceFirst("^0+(?=.)", ""), y.replaceFirst("^0+(?=.)", "")) : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return a.compareTo(b);
    }
}
