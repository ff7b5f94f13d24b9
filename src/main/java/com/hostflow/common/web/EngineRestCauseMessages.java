package com.hostflow.common.web;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

/**
 * The engine REST wraps engine errors in a {@link RestException}, two ways this mapper corrects:
 * <ul>
 * <li>built from the cause alone ({@code new RestException(Status.BAD_REQUEST, e)}), whose message Java then makes
 * {@code cause.toString()}: the cause's fully-qualified class name before its message, e.g. {@code POST /message}
 * with a name nothing waits for answers "org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot
 * correlate message ...". Such an answer carries the cause's own message instead.</li>
 * <li>with status 500 around an engine error the request caused, e.g. {@code POST /process-definition/{id}/start} or
 * {@code POST /task/{id}/complete} with an unknown id, {@code GET /process-instance/{id}/variables/x} of an unknown
 * instance, a variable of a type the engine cannot store. Answered with the cause's status: 404 for the engine's
 * {@link NotFoundException} (as the engine REST answers an unknown key), the engine REST's own 4xx for the cause's
 * type ({@code BadUserRequestException} 400), and 400 for what {@link EngineRestEngineErrors#refusedInput} takes
 * (a {@code NullValueException}: "Cannot find task with id ..."), a form field a constraint refuses
 * ({@code POST /task/{id}/submit-form}), a variable an expression needs that the request left out, and the same
 * engine errors where the engine REST kept only their message ({@code PUT /job/{id}/retries} below zero); 409 for a
 * request that lost to a concurrent one ({@code POST /task/{id}/complete} of a task another user completes or claims
 * at that moment), all as {@link EngineRestEngineErrors#statusOf} says.</li>
 * </ul>
 * A third: a query parameter the engine REST's converters could not read ({@code GET /metrics?interval=abc}) was
 * answered "Cannot convert value abc to java type java.lang.Long"; the Java type is said as what the parameter takes
 * ("to a whole number", "to true or false", a date's format, an enum's values). All keep the engine REST's type, code
 * and message otherwise. Jersey asks {@link #isMappable} first: any other
 * {@code RestException} keeps the engine REST's {@code RestExceptionHandler}, which this mapper comes before by its
 * priority.
 */
@Priority(Priorities.USER - 100)
public class EngineRestCauseMessages implements ExtendedExceptionMapper<RestException> {

    /**
     * The engine REST's words, without a cause, for a job id it does not know ({@code PUT /job/{id}/retries} keeps the
     * engine's code before them: "ENGINE-13053 No job found with id ...", which was a 500).
     */
    private static final Pattern NO_SUCH_JOB = Pattern.compile("(ENGINE-\\d+ )?No job found with id ");

    /**
     * The engine REST's converters' words for a query parameter that does not read ({@code GET /metrics?interval=abc}:
     * "Cannot convert value abc to java type java.lang.Long"), naming the Java type it was read into.
     */
    private static final Pattern JAVA_TYPE = Pattern.compile("to java (enum )?type ([\\w.$]+)");

    @Override
    public boolean isMappable(RestException exception) {
        return namesItsCause(exception) || refusedInputStatus(exception) != null || namesAJavaType(exception);
    }

    private static boolean namesAJavaType(RestException exception) {
        return exception.getMessage() != null && JAVA_TYPE.matcher(exception.getMessage()).find();
    }

    /** The message with the Java type a value did not convert to said as what the parameter takes. */
    static String withoutJavaTypes(String message) {
        Matcher type = JAVA_TYPE.matcher(message);
        StringBuilder readable = new StringBuilder();
        while (type.find()) {
            type.appendReplacement(readable, Matcher.quoteReplacement("to " + readable(type.group(2))));
        }
        return type.appendTail(readable).toString();
    }

    private static String readable(String javaType) {
        return switch (javaType) {
            case "java.lang.Long", "java.lang.Integer", "java.lang.Short", "long", "int" -> "a whole number";
            case "java.lang.Double", "java.lang.Float", "java.math.BigDecimal", "double" -> "a number";
            case "java.lang.Boolean", "boolean" -> "true or false";
            case "java.util.Date" -> "a date and time such as 2026-01-31T12:00:00.000+0100";
            default -> enumValues(javaType);
        };
    }

    private static String enumValues(String javaType) {
        try {
            Object[] values = Class.forName(javaType, false, EngineRestCauseMessages.class.getClassLoader())
                    .getEnumConstants();
            if (values != null) {
                return "one of " + java.util.Arrays.toString(values);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // said without its values below
        }
        return "a value the parameter takes";
    }

    @Override
    public Response toResponse(RestException exception) {
        ExceptionHandlerHelper engineRest = ExceptionHandlerHelper.getInstance();
        Status refused = refusedInputStatus(exception);
        // the engine REST's own answer (status, type, code, and its logging of a 500), or its body with the 4xx
        Response answer = refused == null ? engineRest.getResponse(exception)
                : Response.status(refused).entity(engineRest.fromException(exception))
                        .type(MediaType.APPLICATION_JSON_TYPE).build();
        Throwable named = exception;
        while (namesItsCause(named)) {
            named = named.getCause();
        }
        String message = withoutJavaTypes(
                Objects.requireNonNullElse(named.getMessage(), "the engine refused the request"));
        if (exception.getCause() instanceof FormFieldValidatorException field && field.getId() != null
                && !message.contains("'" + field.getId() + "'")) {
            message = message + " (form field '" + field.getId() + "')";
        }
        if (EngineRestEngineErrors.suspended(exception.getCause())) {
            message = EngineRestEngineErrors.suspendedMessage(message);
        } else if (refused == Status.CONFLICT) {
            message = EngineRestEngineErrors.conflictMessage(message);
        }
        ((ExceptionDto) answer.getEntity()).setMessage(message);
        return answer;
    }

    /** Whether the message is only what {@code new RuntimeException(cause)} makes of the cause. */
    private static boolean namesItsCause(Throwable exception) {
        Throwable cause = exception.getCause();
        return cause != null && cause != exception && Objects.equals(exception.getMessage(), cause.toString());
    }

    /** The 4xx of a 500 the engine REST built around an engine error the request caused; {@code null} otherwise. */
    private static Status refusedInputStatus(RestException exception) {
        if (exception.getCause() != null && EngineRestEngineErrors.suspended(exception.getCause())) {
            // answered 400, as if the request were wrong
            return Status.CONFLICT;
        }
        if (exception.getStatus() != null && exception.getStatus() != Status.INTERNAL_SERVER_ERROR) {
            return null;
        }
        if (exception.getCause() == null) {
            // some resources keep only the engine error's message ({@code PUT /job/{id}/retries} below zero,
            // {@code PUT /job/{id}/duedate} of an unknown job)
            String message = exception.getMessage();
            if (message != null && NO_SUCH_JOB.matcher(message).lookingAt()) {
                return Status.NOT_FOUND;
            }
            return EngineRestEngineErrors.refusedInputMessage(message) ? Status.BAD_REQUEST : null;
        }
        if (!(exception.getCause() instanceof ProcessEngineException cause)) {
            return null;
        }
        if (cause instanceof NotFoundException) {
            return Status.NOT_FOUND;
        }
        Status causes = ExceptionHandlerHelper.getInstance().getStatus(cause);
        if (causes != Status.INTERNAL_SERVER_ERROR) {
            return causes;
        }
        return EngineRestEngineErrors.statusOf(cause);
    }
}
