package com.hostflow.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.FormOrder;
import com.hostflow.common.web.InvalidInputException;

import jakarta.validation.ConstraintViolation;

/**
 * The field problems of one form submission, named as the API names them ({@code prices.MONTH},
 * {@code addons[0].min}, {@code icon.countryCode}), so a page shows the API's own words beside its fields. A template
 * asks {@link #of} for each field it renders; {@link #unplaced} then lists the problems no field showed, so none is
 * ever lost.
 */
public final class FormErrors {

    /** {@code prices[MONTH]} (a form's map key) is {@code prices.MONTH} in the API's words; list indexes stay. */
    private static final Pattern MAP_KEY = Pattern.compile("\\[([A-Za-z_][A-Za-z0-9_-]*)]");
    /** Bean validation names a list's element {@code choices[1].<list element>}; the API says {@code choices[1]}. */
    private static final Pattern CONTAINER_ELEMENT = Pattern.compile("\\.<[a-z ]+>");
    private static final Pattern NUMBER_TYPES = Pattern.compile(
            "typeMismatch\\.(java\\.lang\\.(Long|Integer|Short|Double|Float)|java\\.math\\.Big\\w+|int|long)");

    private final Map<String, List<String>> byField = new LinkedHashMap<>();
    private final List<String> general = new ArrayList<>();
    private final Set<String> placed = new LinkedHashSet<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    /**
     * Values that could not even be converted: letters in a number field, or a number not written plainly
     * ({@code 0x10}, {@code +5}, {@code １６}: {@link com.hostflow.common.web.StrictNumbers}), a choice a select
     * does not offer.
     */
    public static FormErrors of(BindingResult binding) {
        FormErrors errors = new FormErrors();
        for (FieldError error : binding.getFieldErrors()) {
            errors.add(error.getField(), !error.isBindingFailure() ? error.getDefaultMessage()
                    : numeric(error) ? "must be a number of the digits 0-9" : "is not one of the choices");
        }
        return errors;
    }

    /** Whether the field the value failed to convert to holds a number (its type names the binding's codes). */
    private static boolean numeric(FieldError error) {
        for (String code : error.getCodes() == null ? new String[0] : error.getCodes()) {
            if (NUMBER_TYPES.matcher(code).matches()) {
                return true;
            }
        }
        return false;
    }

    public FormErrors add(String field, String message) {
        String name = normalize(field);
        List<String> messages = byField.computeIfAbsent(name, f -> new ArrayList<>());
        if (!messages.contains(message)) {
            messages.add(message);
        }
        return this;
    }

    public FormErrors add(InvalidInputException e) {
        for (FieldProblem problem : e.errors()) {
            add(problem.field(), problem.message());
        }
        return this;
    }

    /** The problems of fields that have none yet: one message per field, the first check's. */
    public FormErrors addToOtherFields(InvalidInputException e) {
        Set<String> failedBefore = Set.copyOf(byField.keySet());
        for (FieldProblem problem : e.errors()) {
            if (!failedBefore.contains(normalize(problem.field()))) {
                add(problem.field(), problem.message());
            }
        }
        return this;
    }

    public FormErrors add(List<FieldProblem> problems) {
        problems.forEach(p -> add(p.field(), p.message()));
        return this;
    }

    /**
     * Bean-validation problems of the API's form, skipping fields that already failed to convert; in the form's order
     * of fields and each field's messages alphabetically, as the API answers them ({@link FormOrder}): the validator
     * hands them over from a hash set, and a field's messages were listed in its order.
     */
    public FormErrors addViolations(Set<? extends ConstraintViolation<?>> violations) {
        Set<String> failedBefore = Set.copyOf(byField.keySet());
        Class<?> form = violations.stream().findAny().<Class<?>>map(ConstraintViolation::getRootBeanClass).orElse(null);
        violations.stream()
                .map(violation -> new FieldProblem(normalize(violation.getPropertyPath().toString()),
                        violation.getMessage()))
                .filter(problem -> !failedBefore.contains(problem.field()))
                .sorted(FormOrder.problems(form))
                .forEach(problem -> add(problem.field(), problem.message()));
        return this;
    }

    /** A problem of the whole form (a conflict, a business rule). */
    public FormErrors general(String message) {
        general.add(message);
        return this;
    }

    public boolean any() {
        return !byField.isEmpty() || !general.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The messages of a field; marks the field as shown. */
    public List<String> of(String field) {
        placed.add(field);
        return byField.getOrDefault(field, List.of());
    }

    /**
     * The messages of a list typed into one field (choices separated by commas): the list's own, then its items'
     * ({@code parameters[0].choices[1]} as "choice 2: ..."); marks them all shown.
     */
    public List<String> ofList(String field, String item) {
        List<String> messages = new ArrayList<>(of(field));
        Pattern itemField = Pattern.compile(Pattern.quote(field) + "\\[(\\d+)]");
        byField.forEach((name, list) -> {
            java.util.regex.Matcher matcher = itemField.matcher(name);
            if (matcher.matches()) {
                placed.add(name);
                int position = Integer.parseInt(matcher.group(1)) + 1;
                list.forEach(m -> messages.add(item + " " + position + ": " + m));
            }
        });
        return messages;
    }

    public List<String> general() {
        return List.copyOf(general);
    }

    /** "field: message" for every problem no field of the page showed, and the general ones. */
    public List<String> unplaced() {
        List<String> rest = new ArrayList<>(general);
        byField.forEach((field, messages) -> {
            if (!placed.contains(field)) {
                messages.forEach(m -> rest.add(field + ": " + m));
            }
        });
        return rest;
    }

    /** Every field's messages, in the order they were added (Map.copyOf's order changed from one start to the next). */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byField));
    }

    static String normalize(String field) {
        return MAP_KEY.matcher(CONTAINER_ELEMENT.matcher(field).replaceAll("")).replaceAll(".$1");
    }
}
