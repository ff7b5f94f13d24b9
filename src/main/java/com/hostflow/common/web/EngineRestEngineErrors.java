package com.hostflow.common.web;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Engine errors that the engine raises as a plain {@link ProcessEngineException}, which the engine REST answers with
 * 500, although the request named something nothing waits for: {@code POST /condition} when no deployed process has
 * a conditional start event (ENGINE-13043, every HostFlow deployment) or when the process definition it names has none
 * (ENGINE-13042). Answered 400 in the engine REST's own error shape with the engine's message, as the engine REST
 * already answers a message nothing waits for. Every other engine error keeps the engine REST's own answer: this
 * mapper takes only these (Jersey asks {@link #isMappable}), and comes before the engine REST's
 * {@code ProcessEngineExceptionHandler} by its priority.
 */
@Priority(Priorities.USER - 100)
public class EngineRestEngineErrors implements ExtendedExceptionMapper<ProcessEngineException> {

    /** The engine's codes of such errors, as its messages begin. */
    private static final List<String> NOTHING_WAITS = List.of("ENGINE-13042 ", "ENGINE-13043 ");

    @Override
    public boolean isMappable(ProcessEngineException exception) {
        String message = exception.getMessage();
        return exception.getClass() == ProcessEngineException.class && message != null
                && NOTHING_WAITS.stream().anyMatch(message::startsWith);
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
        ExceptionDto problem = ExceptionHandlerHelper.getInstance().fromException(exception);
        problem.setType("InvalidRequestException");
        return Response.status(Response.Status.BAD_REQUEST).entity(problem).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
