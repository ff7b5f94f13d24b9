package com.hostflow.security;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.ProblemJson;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

/**
 * The engine REST's answer when the identity store refused a user's e-mail ({@link UserEmailRefused}:
 * {@code POST /user/create}, {@code PUT /user/{id}/profile}, Camunda's Admin app): 400 problem+json naming
 * {@code email}, with the engine REST's {@code message}, which Admin shows.
 */
@Priority(Priorities.USER - 200)
public class EngineRestUserEmailErrors implements ExtendedExceptionMapper<ProcessEngineException> {

    @Override
    public boolean isMappable(ProcessEngineException exception) {
        return exception instanceof UserEmailRefused;
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
        Map<String, Object> problem = ProblemJson.body(400, UserEmailRefused.FIELD + ": " + exception.getMessage());
        problem.put("errors", List.of(new FieldProblem(UserEmailRefused.FIELD, exception.getMessage())));
        problem.put("message", problem.get("detail"));
        return Response.status(Response.Status.BAD_REQUEST).type("application/problem+json")
                .entity(ProblemJson.text(problem)).build();
    }
}
