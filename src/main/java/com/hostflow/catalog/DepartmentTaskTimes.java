package com.hostflow.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.springframework.stereotype.Component;

import com.hostflow.common.web.FieldProblems;

/**
 * Due and follow-up dates of department tasks, for BPMN user tasks:
 * {@code camunda:dueDate="${departmentTaskTimes.dueDate(departmentKey)}"} and
 * {@code camunda:followUpDate="${departmentTaskTimes.followUpDate(departmentKey)}"}. The dates count from the
 * application's clock (the engine's), so the demo clock moves them too. A key without a department row (the fallback
 * department of a module without one) gets the defaults.
 */
@Component("departmentTaskTimes")
public class DepartmentTaskTimes {

    public static final Duration DEFAULT_DUE_AFTER = Duration.ofHours(4);
    public static final Duration DEFAULT_FOLLOW_UP_AFTER = Duration.ofHours(1);

    /** Longer than this is a typo, not a service level. */
    static final Duration LONGEST = Duration.ofDays(365);

    private final DepartmentRepository departments;
    private final Clock clock;

    DepartmentTaskTimes(DepartmentRepository departments, Clock clock) {
        this.departments = departments;
        this.clock = clock;
    }

    public Date dueDate(String departmentKey) {
        Duration after = departments.findByKey(departmentKey).map(Department::getTaskDueAfter)
                .orElse(DEFAULT_DUE_AFTER);
        return Date.from(clock.instant().plus(after));
    }

    public Date followUpDate(String departmentKey) {
        Duration after = departments.findByKey(departmentKey).map(Department::getTaskFollowUpAfter)
                .orElse(DEFAULT_FOLLOW_UP_AFTER);
        return Date.from(clock.instant().plus(after));
    }

    /**
     * The form's durations, or the current ones where the form leaves them out; bad values are added to
     * {@code problems} under their field names.
     */
    static Times resolve(DepartmentForm form, Times current, FieldProblems problems) {
        Duration due = parse(form.taskDueAfter(), current.dueAfter(), "taskDueAfter", problems);
        Duration followUp = parse(form.taskFollowUpAfter(), current.followUpAfter(), "taskFollowUpAfter", problems);
        if (due != null && followUp != null && followUp.compareTo(due) > 0) {
            problems.add("taskFollowUpAfter", "must not be later than taskDueAfter (" + due + ")");
        }
        return new Times(due, followUp);
    }

    record Times(Duration dueAfter, Duration followUpAfter) {

        static final Times DEFAULTS = new Times(DEFAULT_DUE_AFTER, DEFAULT_FOLLOW_UP_AFTER);

        static Times of(Department department) {
            return new Times(department.getTaskDueAfter(), department.getTaskFollowUpAfter());
        }
    }

    private static Duration parse(String text, Duration current, String field, FieldProblems problems) {
        if (text == null) {
            return current;
        }
        Duration value;
        try {
            value = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add(field, "an ISO-8601 duration such as PT4H or P1D, not '" + text + "'");
            return null;
        }
        if (value.isNegative() || value.isZero()) {
            problems.add(field, "must be longer than zero");
            return null;
        }
        if (value.compareTo(LONGEST) > 0) {
            problems.add(field, "must not be longer than " + LONGEST.toDays() + " days");
            return null;
        }
        return value;
    }
}
