package com.hostflow.common.web;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Engine errors that the request caused but that the engine raises as a type the engine REST answers with 500:
 * <ul>
 * <li>a {@link NullValueException}: the request named something that does not exist or left out a value the engine
 * needs, e.g. {@code POST /signal} with an unknown {@code executionId} ("Cannot find execution with id ..."),
 * {@code POST /task/{id}/claim} for an unknown task, {@code fetchAndLock} without a {@code workerId};</li>
 * <li>a plain {@link ProcessEngineException} with one of {@link #REFUSED_INPUT}'s messages: {@code POST /condition}
 * when no deployed process has a conditional start event (ENGINE-13043, every HostFlow deployment) or when the process
 * definition it names has none (ENGINE-13042), a variable the engine has no serializer for (an {@code Object} of a
 * {@code serializationDataFormat} it cannot write) or in Java serialization, which HostFlow's engine refuses
 * (ENGINE-17007).</li>
 * </ul>
 * Answered 400 with the engine's message, as the engine REST already answers a message nothing waits for: a
 * {@code NullValueException} keeps its type, a plain engine error gets {@code InvalidRequestException}. Every other
 * engine error keeps the engine REST's own answer: this mapper takes only these (Jersey asks {@link #isMappable}), and
 * comes before the engine REST's {@code ProcessEngineExceptionHandler} by its priority.
 * {@link EngineRestCauseMessages} answers the same errors 4xx where the engine REST wraps them in a 500.
 */
@Priority(Priorities.USER - 100)
public class EngineRestEngineErrors implements ExtendedExceptionMapper<ProcessEngineException> {

    /** How the messages of such plain engine errors begin (the ENGINE- codes, or the engine's words). */
    private static final List<String> REFUSED_INPUT = List.of("ENGINE-13042 ", "ENGINE-13043 ", "ENGINE-17007 ",
            "Cannot find serializer for value ");

    @Override
    public boolean isMappable(ProcessEngineException exception) {
        return refusedInput(exception);
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
        ExceptionDto problem = ExceptionHandlerHelper.getInstance().fromException(exception);
        if (exception.getClass() == ProcessEngineException.class) {
            problem.setType("InvalidRequestException");
        }
        return Response.status(Response.Status.BAD_REQUEST).entity(problem).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Whether the engine refused the request's input with an error the engine REST answers with 500. */
    static boolean refusedInput(ProcessEngineException exception) {
        if (exception instanceof NullValueException) {
            return true;
        }
        String message = exception.getMessage();
        return exception.getClass() == ProcessEngineException.class && message != null
                && REFUSED_INPUT.stream().anyMatch(message::startsWith);
    }
}
