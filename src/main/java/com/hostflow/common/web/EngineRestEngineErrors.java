package com.hostflow.common.web;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.camunda.bpm.engine.impl.pvm.PvmException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Engine errors that the request caused but that the engine raises as a type the engine REST answers with 500:
 * <ul>
 * <li>a {@link NullValueException}: the request named something that does not exist or left out a value the engine
 * needs, e.g. {@code POST /signal} with an unknown {@code executionId} ("Cannot find execution with id ..."),
 * {@code POST /task/{id}/claim} for an unknown task (one that has ended: {@link EngineRestEndedTasks}, 404),
 * {@code fetchAndLock} without a {@code workerId};</li>
 * <li>a plain {@link ProcessEngineException} with one of {@link #REFUSED_INPUT}'s messages: {@code POST /condition}
 * when no deployed process has a conditional start event (ENGINE-13043, every HostFlow deployment) or when the process
 * definition it names has none (ENGINE-13042), a variable the engine has no serializer for (an {@code Object} of a
 * {@code serializationDataFormat} it cannot write) or in Java serialization, which HostFlow's engine refuses
 * (ENGINE-17007), a job's retries below zero ({@code PUT /job/{id}/retries}, ENGINE-13054), an authorization
 * type the engine does not know (ENGINE-03025), an id of a user or group it refuses ({@code POST /group/create} with
 * an empty id: "... is not a valid resource identifier"), {@code DELETE /task/{id}} of a process's task ("The task
 * cannot be deleted because is part of a running process"), {@code PUT /task/{id}} putting a task in a tenant the
 * caller is not in (ENGINE-13034; HostFlow has no tenants, so only the request can name one), a query's variable
 * filter whose value is a JSON object or array ("Object values cannot be used to query").</li>
 * <li>a form field the request submitted that a constraint refuses ({@code POST /task/{id}/submit-form}, what
 * Tasklist sends: a department's decision left at "Choose what to do", a read-only field changed): the engine's
 * {@code FormFieldValidatorException}; or that its form field type refuses ("Invalid value for enum form property:
 * bogus", "Value '3' is not of type String.");</li>
 * <li>an expression of the model that names a variable the request left out, e.g. {@code POST /task/{id}/complete}
 * without the {@code decision} a gateway after the task reads ("Unknown property used in expression: ...
 * Cannot resolve identifier 'decision'").</li>
 * </ul>
 * Answered 400 with the engine's message, as the engine REST already answers a message nothing waits for: a
 * {@code NullValueException} keeps its type, a plain engine error gets {@code InvalidRequestException}.
 * <p>
 * A request that lost to a concurrent one is answered 409 (the engine REST said 500): two staff members claiming or
 * completing one task at once (the engine's {@code OptimisticLockingException}; a task claimed meanwhile,
 * {@code TaskAlreadyClaimedException}; a task whose execution the winner moved on, "cannot signal execution ...: it
 * has no current activity"; or a row the winner wrote first, a PostgreSQL deadlock, serialization failure,
 * unique or foreign-key violation under the engine's persistence error), as HostFlow's API answers such a loss.
 * Every other engine error keeps the engine REST's own answer: this mapper takes only these (Jersey asks
 * {@link #isMappable}), and comes before the engine REST's {@code ProcessEngineExceptionHandler} by its priority.
 * {@link EngineRestCauseMessages} answers the same errors 4xx where the engine REST wraps them in a 500.
 */
@Priority(Priorities.USER - 100)
public class EngineRestEngineErrors implements ExtendedExceptionMapper<ProcessEngineException> {

    /** How the messages of such plain engine errors begin (the ENGINE- codes, or the engine's words). */
    private static final List<String> REFUSED_INPUT = List.of("ENGINE-13042 ", "ENGINE-13043 ", "ENGINE-17007 ",
            "ENGINE-13054 ", "ENGINE-03025 ", "ENGINE-13036 ", "ENGINE-13034 ", "Cannot find serializer for value ",
            "Invalid value for enum form property: ",
            "The task cannot be deleted because is part of a running process",
            "Object values cannot be used to query");
    /** The engine's words for an id of a user, group or tenant it refuses ("Group has an invalid id: '' is ..."). */
    private static final String INVALID_ID = "is not a valid resource identifier";
    /**
     * The engine's words for a message sent to an execution that waits for no such message
     * ({@code POST /execution/{id}/messageSubscriptions/{name}/trigger}, an unknown execution id too): a 500 before.
     */
    private static final String NO_SUCH_SUBSCRIPTION = "' does not have a subscription to a message event with name '";
    /** The engine's words for a number in the request below its least ("retries is not greater than or equal to 0"). */
    private static final String BELOW_LEAST = " is not greater than or equal to ";
    /** A submitted form field of the wrong type, in the words of the engine's form field types. */
    private static final Pattern WRONG_FORM_TYPE = Pattern.compile(
            "Value '.*' is not of type (String|Long|Boolean|Date)\\.", Pattern.DOTALL);

    /**
     * PostgreSQL: deadlock_detected, serialization_failure, unique_violation (a row the winner wrote first),
     * foreign_key_violation (a process instance cancelled in Cockpit while a worker started a sub-process of it: the
     * deletion, which had not seen the new instance, removes the execution it points at; the engine checks what a
     * request names before it writes, so only a concurrent change gets this far).
     */
    private static final Set<String> LOST_TO_ANOTHER = Set.of("40P01", "40001", "23505", "23503");
    /** PostgreSQL: string_data_right_truncation. */
    private static final String STRING_TOO_LONG = "22001";
    private static final String TOO_LONG = "a value is longer than the engine can store (ids have at most 64"
            + " characters, names and texts at most 255 or 4000)";
    /** The engine's message for every error of its persistence layer, which says nothing to the caller. */
    private static final String PERSISTENCE_LAYER = "An exception occurred in the persistence layer";
    /**
     * The engine's words when a task is completed whose execution another transaction moved on after this one read
     * the task (a completion that lost to another completion of the task, or to a message that ended it).
     */
    private static final String NO_CURRENT_ACTIVITY = ": it has no current activity";
    static final String CHANGED_CONCURRENTLY = "changed concurrently by another request; read it again and retry";
    static final String SUSPENDED = "(its process, or the process that called it, is suspended by an administrator"
            + " in Cockpit; it goes on once the process is activated)";

    @Override
    public boolean isMappable(ProcessEngineException exception) {
        return statusOf(exception) != null;
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
        Response.Status status = statusOf(exception);
        ExceptionDto problem = ExceptionHandlerHelper.getInstance().fromException(exception);
        if (exception.getClass() == ProcessEngineException.class && status == Response.Status.BAD_REQUEST) {
            problem.setType("InvalidRequestException");
        }
        if (suspended(exception)) {
            problem.setMessage(suspendedMessage(problem.getMessage()));
        } else if (status == Response.Status.CONFLICT) {
            problem.setMessage(conflictMessage(problem.getMessage()));
        }
        if (tooLong(exception)) {
            problem.setType("InvalidRequestException");
            problem.setMessage(TOO_LONG);
        }
        BadUserRequestException refused = refusedByAListener(exception);
        if (refused != null) {
            problem.setType("InvalidRequestException");
            problem.setMessage(refused.getMessage());
        }
        return Response.status(status).entity(problem).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** 400 for input the engine refused, 409 for a request that lost to a concurrent one, otherwise null. */
    static Response.Status statusOf(ProcessEngineException exception) {
        if (lostToAConcurrentRequest(exception) || suspended(exception)) {
            return Response.Status.CONFLICT;
        }
        if (refusedInput(exception) || tooLong(exception) || exception instanceof FormFieldValidatorException
                || exception instanceof FormFieldValidationException || namesAMissingVariable(exception)
                || refusedByAListener(exception) != null) {
            return Response.Status.BAD_REQUEST;
        }
        return null;
    }

    /**
     * Whether the engine refused a request's input with this failure, which a request is answered 400 for (a form
     * field a constraint or its type refuses, ENGINE-13043, ...): the caller hears of it, the ERROR log need not.
     */
    public static boolean answeredAsBadRequest(Throwable failure) {
        return failure instanceof ProcessEngineException refused && statusOf(refused) == Response.Status.BAD_REQUEST;
    }

    /** The message of a 409: the engine's own, unless it is the persistence layer's that says nothing. */
    static String conflictMessage(String message) {
        if (message == null || message.isBlank()) {
            return CHANGED_CONCURRENTLY;
        }
        int persistence = message.indexOf(PERSISTENCE_LAYER);
        return persistence < 0 ? message : message.substring(0, persistence) + CHANGED_CONCURRENTLY;
    }

    /**
     * Whether the engine refused the request because an admin suspended the process instance in Cockpit, or the
     * instance that called it (a department task of an order's open, completed while the order is suspended):
     * ENGINE-03043, which the engine REST answered 400 as if the request were wrong, naming an execution staff
     * cannot see. It is the process's state, a 409. The external-task worker asks it too: such a task waits.
     */
    public static boolean suspended(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SuspendedEntityInteractionException) {
                return true;
            }
        }
        return false;
    }

    /** The message of such a 409: the engine's, and what it means to the person who sent the request. */
    static String suspendedMessage(String message) {
        return (message == null ? "" : message + " ") + SUSPENDED;
    }

    static boolean lostToAConcurrentRequest(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockingException || cause instanceof TaskAlreadyClaimedException
                    || cause instanceof ConcurrencyFailureException) {
                return true;
            }
            if (cause instanceof PvmException && cause.getMessage() != null
                    && cause.getMessage().endsWith(NO_CURRENT_ACTIVITY)) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    // Set.of(..).contains(null) throws: a pool's timeout has no SQLState
                    if (next.getSQLState() != null && LOST_TO_ANOTHER.contains(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A value longer than its column (PostgreSQL's string_data_right_truncation), e.g. a task id of 80 characters. */
    private static boolean tooLong(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (STRING_TOO_LONG.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A listener of the model that refused what the request gave it (a {@link BadUserRequestException} naming the
     * field, e.g. a credential too long to store), which the engine wraps in a plain "exception while invoking the
     * TaskListener" that the engine REST answered with 500.
     */
    private static BadUserRequestException refusedByAListener(ProcessEngineException exception) {
        if (exception.getClass() != ProcessEngineException.class) {
            return null;
        }
        for (Throwable cause = exception.getCause(); cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BadUserRequestException refused) {
                return refused;
            }
        }
        return null;
    }

    /** An expression of the model that could not resolve a variable (JUEL's PropertyNotFoundException). */
    private static boolean namesAMissingVariable(ProcessEngineException exception) {
        Throwable cause = exception.getCause();
        return exception.getClass() == ProcessEngineException.class && cause != null
                && cause.getClass().getSimpleName().equals("PropertyNotFoundException");
    }

    /** Whether the engine refused the request's input with an error the engine REST answers with 500. */
    static boolean refusedInput(ProcessEngineException exception) {
        if (exception instanceof NullValueException) {
            return true;
        }
        return exception.getClass() == ProcessEngineException.class && refusedInputMessage(exception.getMessage());
    }

    /** Whether a plain engine error's message is one of the request's mistakes listed above. */
    static boolean refusedInputMessage(String message) {
        return message != null && (REFUSED_INPUT.stream().anyMatch(message::startsWith)
                || message.contains(INVALID_ID) || message.contains(BELOW_LEAST)
                || message.contains(NO_SUCH_SUBSCRIPTION)
                || WRONG_FORM_TYPE.matcher(message).matches());
    }

    /**
     * A write of HostFlow's own rows, in a delegate or listener the request's command ran, that failed in the
     * database, which the engine passes on unwrapped and the engine REST answered 500 with the exception's message,
     * the SQL statement and its values included. Lost to a concurrent transaction (Spring's
     * {@link ConcurrencyFailureException}: a JPA entity's optimistic lock, a deadlock; or a unique or foreign key a
     * concurrent transaction's row met: a staff member's retry of an open's task noted in its journal while the
     * client's deletion withdrew the open), 409 as HostFlow's API answers such a loss; a value longer than its column,
     * 400; anything else a 500 that says what happened without the statement, which goes to the log. The command was
     * rolled back whole either way: the task is still open.
     */
    @Priority(Priorities.USER - 100)
    public static class DomainConflicts implements ExtendedExceptionMapper<DataAccessException> {

        private static final Logger log = LoggerFactory.getLogger(DomainConflicts.class);
        static final String NOT_STORED = "the change could not be stored and nothing of it was kept (the server's log"
                + " has the details)";

        @Override
        public boolean isMappable(DataAccessException exception) {
            return true;
        }

        @Override
        public Response toResponse(DataAccessException exception) {
            ExceptionDto problem = ExceptionHandlerHelper.getInstance().fromException(exception);
            Response.Status status;
            if (lostToAConcurrentRequest(exception)) {
                status = Response.Status.CONFLICT;
                problem.setMessage(CHANGED_CONCURRENTLY);
            } else if (tooLong(exception)) {
                status = Response.Status.BAD_REQUEST;
                problem.setType("InvalidRequestException");
                problem.setMessage(TOO_LONG);
            } else {
                status = Response.Status.INTERNAL_SERVER_ERROR;
                problem.setMessage(NOT_STORED);
                log.error("an engine REST request's write failed in the database", exception);
            }
            return Response.status(status).entity(problem).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
    }
}
