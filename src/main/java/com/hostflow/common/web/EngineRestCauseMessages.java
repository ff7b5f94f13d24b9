package com.hostflow.common.web;

import java.util.Objects;

import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

/**
 * The engine REST wraps some engine errors in a {@link RestException} built from the cause alone
 * ({@code new RestException(Status.BAD_REQUEST, e)}), whose message Java then makes {@code cause.toString()}: the
 * cause's fully-qualified class name before its message, e.g. {@code POST /message} with a name nothing waits for
 * answers "org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message ...". Such an
 * answer keeps the engine REST's status, type and code and carries the cause's own message instead. Jersey asks
 * {@link #isMappable} first: a {@code RestException} with a message of its own keeps the engine REST's
 * {@code RestExceptionHandler}, which this mapper comes before by its priority.
 */
@Priority(Priorities.USER - 100)
public class EngineRestCauseMessages implements ExtendedExceptionMapper<RestException> {

    @Override
    public boolean isMappable(RestException exception) {
        return namesItsCause(exception);
    }

    @Override
    public Response toResponse(RestException exception) {
        // the engine REST's own answer (status, type, code, and its logging), with the cause's message
        Response answer = ExceptionHandlerHelper.getInstance().getResponse(exception);
        Throwable named = exception;
        while (namesItsCause(named)) {
            named = named.getCause();
        }
        ((ExceptionDto) answer.getEntity()).setMessage(Objects.requireNonNullElse(named.getMessage(),
                "the engine refused the request"));
        return answer;
    }

    /** Whether the message is only what {@code new RuntimeException(cause)} makes of the cause. */
    private static boolean namesItsCause(Throwable exception) {
        Throwable cause = exception.getCause();
        return cause != null && cause != exception && Objects.equals(exception.getMessage(), cause.toString());
    }
}
