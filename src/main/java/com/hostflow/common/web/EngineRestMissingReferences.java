package com.hostflow.common.web;

import java.util.NoSuchElementException;
import java.util.Set;

import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A HostFlow process started or moved on through the engine REST with variables it cannot use (an admin starting
 * {@code ServiceOrderProcess} by hand with an {@code orderId} of no order, or as text): its first step runs in the
 * request, finds no row or no number, and throws; the engine REST answered that with a 500 ("NoSuchElementException:
 * No value present", "IllegalStateException: no service 999999"). It is the request's mistake, answered 400 in the
 * engine REST's error shape; the engine's transaction is rolled back, so nothing was started. Only such failures
 * thrown by HostFlow's own code are taken: the engine's own errors have their mappers, anything else stays a 500.
 */
@Priority(Priorities.USER - 100)
public class EngineRestMissingReferences implements ExtendedExceptionMapper<RuntimeException> {

    private static final Set<Class<? extends RuntimeException>> UNUSABLE_VARIABLES = Set.of(NotFoundException.class,
            NoSuchElementException.class, IllegalStateException.class, IllegalArgumentException.class);

    @Override
    public boolean isMappable(RuntimeException exception) {
        return UNUSABLE_VARIABLES.contains(exception.getClass()) && thrownByHostFlow(exception);
    }

    @Override
    public Response toResponse(RuntimeException exception) {
        ExceptionDto problem = new ExceptionDto();
        problem.setType("InvalidRequestException");
        problem.setMessage("the process could not go on with what the request gave it: "
                + (exception instanceof NoSuchElementException ? "a row its variables name does not exist"
                        : exception.getMessage()));
        return Response.status(Response.Status.BAD_REQUEST).entity(problem).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Whether the first frame outside the JDK is HostFlow's ({@code Optional.orElseThrow()} counts as its caller). */
    private static boolean thrownByHostFlow(Throwable exception) {
        for (StackTraceElement frame : exception.getStackTrace()) {
            String type = frame.getClassName();
            if (!type.startsWith("java.")) {
                return type.startsWith("com.hostflow.");
            }
        }
        return false;
    }
}
