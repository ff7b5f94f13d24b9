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
 * "QueryParamException", as if the list did not exist.
 */
@Priority(Priorities.USER)
public class EngineRestQueryParameters implements ContainerRequestFilter {

    private static final List<String> PAGING = List.of("firstResult", "maxResults");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");

    @Override
    public void filter(ContainerRequestContext request) {
        refusal(name -> request.getUriInfo().getQueryParameters().getOrDefault(name, List.of()))
                .ifPresent(message -> request.abortWith(EngineRestInputErrors.invalidRequest(message)));
    }

    /** Why a paging parameter is refused, if one is; {@code values} gives a parameter's values by its name. */
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
        return Optional.empty();
    }
}
