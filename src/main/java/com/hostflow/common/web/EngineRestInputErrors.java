package com.hostflow.common.web;

import java.util.Set;

import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The engine REST ({@code /engine-rest}, Jersey) answers a runtime failure its resources did not expect with 500 and
 * the exception's class name, e.g. a {@code NullPointerException} for {@code POST /deployment/create} without a
 * multipart body. Such failures come from input the resource did not check (a missing body or part, a value of the
 * wrong shape): answer 400 in the engine REST's own error shape, without class names. Everything else keeps the
 * engine REST's answer (the engine's own exceptions have mappers closer to their type and never reach this one).
 */
public class EngineRestInputErrors implements ExceptionMapper<RuntimeException> {

    private static final Logger log = LoggerFactory.getLogger(EngineRestInputErrors.class);

    private static final Set<Class<? extends RuntimeException>> UNCHECKED_INPUT = Set.of(NullPointerException.class,
            IllegalArgumentException.class, ClassCastException.class, IndexOutOfBoundsException.class,
            ArrayStoreException.class, UnsupportedOperationException.class, ArithmeticException.class);

    @Override
    public Response toResponse(RuntimeException exception) {
        ExceptionHandlerHelper engineRest = ExceptionHandlerHelper.getInstance();
        // the status alone: the engine REST's answer logs a 500 as a WARN with its stack trace, though it is no 500
        if (engineRest.getStatus(exception).getStatusCode() < 500
                || UNCHECKED_INPUT.stream().noneMatch(t -> t.isInstance(exception))) {
            return engineRest.getResponse(exception);
        }
        log.info("engine REST request refused as malformed: {}", exception.toString());
        return invalidRequest("the request is missing a required part or has one of the wrong type or format"
                + " (a body, a multipart part, a parameter); see the engine REST documentation of this operation");
    }

    /** 400 in the engine REST's own error shape, as it answers a request it checked, with this message. */
    static Response invalidRequest(String message) {
        ExceptionDto problem = new ExceptionDto();
        problem.setType("InvalidRequestException");
        problem.setMessage(message);
        return Response.status(Response.Status.BAD_REQUEST).entity(problem).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
