package com.hostflow.common.web;

import java.util.NoSuchElementException;

import org.camunda.bpm.engine.rest.dto.ExceptionDto;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A HostFlow process started or moved on through the engine REST with variables that name nothing (an admin starting
 * {@code ServiceOrderProcess} by hand with {@code orderId} 999999): the first step, which runs in the request, finds
 * no row and throws; the engine REST answered that with a 500 ("NoSuchElementException: No value present"). It is the
 * request's mistake, answered 400 in the engine REST's error shape; the engine's transaction is rolled back, so
 * nothing was started.
 */
public final class EngineRestMissingReferences {

    private EngineRestMissingReferences() {
    }

    static Response answer(String what) {
        ExceptionDto problem = new ExceptionDto();
        problem.setType("InvalidRequestException");
        problem.setMessage("the process could not find what its variables name: " + what);
        return Response.status(Response.Status.BAD_REQUEST).entity(problem).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** HostFlow's own "... not found" from a step of the process. */
    @Priority(Priorities.USER - 100)
    public static class Unknown implements ExceptionMapper<NotFoundException> {
        @Override
        public Response toResponse(NotFoundException exception) {
            return answer(exception.getMessage());
        }
    }

    /** An {@code Optional} that was empty in a step of the process. */
    @Priority(Priorities.USER - 100)
    public static class Empty implements ExceptionMapper<NoSuchElementException> {
        @Override
        public Response toResponse(NoSuchElementException exception) {
            return answer("a row it needs does not exist (" + exception.getMessage() + ")");
        }
    }
}
