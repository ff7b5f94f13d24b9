package com.hostflow.common.web;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * The paging parameters of every engine REST list, {@code firstResult} and {@code maxResults}, checked before the
 * operation reads them: a whole number from 0 to 2147483647, or 400 in the engine REST's own error shape naming the
 * parameter, as the engine REST answers a value it converts itself and refuses ({@code ?createdAfter=x}). Below 0
 * ({@code GET /engine-rest/task?maxResults=-5}) the engine passed them to PostgreSQL's {@code LIMIT} and
 * {@code OFFSET}, which refused them: a 500 "ProcessEnginePersistenceException" with a stack trace in the log. A value
 * that is no {@code int} ({@code ?firstResult=abc}, {@code 1e3}, {@code 2147483648}) JAX-RS answered with 404
 * "QueryParamException", as if the list did not exist. A priority or version with a fraction, a metrics interval
 * below 1 and a yes/no parameter that is neither true nor false are refused the same way.
 */
@Priority(Priorities.USER)
public class EngineRestQueryParameters implements ContainerRequestFilter {

    private static final List<String> PAGING = List.of("firstResult", "maxResults");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");
    /**
     * Whole numbers the engine REST read through a decimal, dropping the fraction: {@code /task?priority=1.5} listed
     * the tasks of priority 1, {@code /job?priorityHigherThanOrEquals=2.7} those from 2. Too large or not a number,
     * the engine's converters refuse them themselves.
     */
    private static final List<String> SIGNED_WHOLE = List.of("priority", "minPriority", "maxPriority", "taskPriority",
            "priorityHigherThanOrEquals", "priorityLowerThanOrEquals", "version");
    private static final Pattern NO_FRACTION = Pattern.compile("[+-]?[0-9]+");
    /** The metrics' aggregation interval, in seconds: 0 or below listed nothing, as if no metric were kept. */
    private static final String INTERVAL = "interval";
    private static final Pattern POSITIVE = Pattern.compile("0*[1-9][0-9]{0,9}");
    /**
     * The engine REST's yes/no query parameters that JAX-RS reads itself, as {@code Boolean.valueOf} does: anything but
     * "true" was false ({@code ?deserializeValues=abc} sent the values serialized, {@code ?failedJobs=yes} counted no
     * failed job). Those the engine REST converts itself refuse such a value already ({@code ?withIncident=abc}).
     */
    static final List<String> YES_OR_NO = List.of("cascade", "creationDateBased", "deserializeValue",
            "deserializeValues", "disableBinaryFetching", "disableCustomObjectDeserialization", "excludeObjectValues",
            "failIfNotExists", "failedJobs", "immediatelyDue", "incidents", "includeInputs", "includeOutputs",
            "itemCount", "rootIncidents", "skipCustomListeners", "skipIoMappings", "skipSubprocesses",
            "withCommentAttachmentInfo", "withLockedTasks", "withRetriesLeft", "withTaskLocalVariablesInReturn",
            "withTaskVariablesInReturn", "withUnlockedTasks");
    private static final Pattern ANY_NUMBER = Pattern.compile("[+-]?[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?");

    @Override
    public void filter(ContainerRequestContext request) {
        refusal(name -> request.getUriInfo().getQueryParameters().getOrDefault(name, List.of()))
                .ifPresent(message -> request.abortWith(EngineRestInputErrors.invalidRequest(message)));
    }

    /** A number of any form: what is no number at all the engine's converters name themselves. */
    private static boolean looksDecimal(String value) {
        return ANY_NUMBER.matcher(value).matches();
    }

    /** Why a paging or numeric parameter is refused, if one is; {@code values} gives a parameter's values by its name. */
    static Optional<String> refusal(Function<String, List<String>> values) {
        for (String name : PAGING) {
            for (String value : values.apply(name)) {
                if (!value.isEmpty()
                        && !(WHOLE_NUMBER.matcher(value).matches() && Long.parseLong(value) <= Integer.MAX_VALUE)) {
                    return Optional.of("Cannot set query parameter '" + name + "' to value '"
                            + ProblemText.echo(value) + "': it must be a whole number from 0 to " + Integer.MAX_VALUE);
                }
            }
        }
        for (String name : SIGNED_WHOLE) {
            for (String value : values.apply(name)) {
                if (!value.isEmpty() && looksDecimal(value) && !NO_FRACTION.matcher(value).matches()) {
                    return Optional.of("Cannot set query parameter '" + name + "' to value '"
                            + ProblemText.echo(value) + "': it must be a whole number");
                }
            }
        }
        for (String name : YES_OR_NO) {
            for (String value : values.apply(name)) {
                if (!value.isEmpty() && !"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                    return Optional.of("Cannot set query parameter '" + name + "' to value '"
                            + ProblemText.echo(value) + "': it must be true or false");
                }
            }
        }
        for (String value : values.apply(INTERVAL)) {
            if (!value.isEmpty() && looksDecimal(value) && !POSITIVE.matcher(value).matches()) {
                return Optional.of("Cannot set query parameter '" + INTERVAL + "' to value '"
                        + ProblemText.echo(value) + "': it must be a whole number of seconds from 1");
            }
        }
        return Optional.empty();
    }
}
