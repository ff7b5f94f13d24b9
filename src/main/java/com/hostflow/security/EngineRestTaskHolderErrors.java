package com.hostflow.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.ProblemJson;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The engine REST's answer when {@link DepartmentTaskHolders} refused a task's new assignee or owner (the engine
 * REST said 500 to the engine's wrapped listener error): 400 {@code application/problem+json} naming the field the
 * request gave the user in, {@code assignee} or {@code owner} for {@code PUT /task/{id}} and {@code userId} for
 * {@code claim}, {@code assignee}, {@code delegate} and {@code identity-links} ({@code groupId} for a candidate group
 * there). The problem also carries the engine
 * REST's {@code message}, which Tasklist shows. Registered on both copies of the engine REST
 * ({@code EngineRestConfiguration}); it comes before HostFlow's other engine error mappers by its priority.
 */
@Priority(Priorities.USER - 200)
public class EngineRestTaskHolderErrors implements ExtendedExceptionMapper<ProcessEngineException> {

    /** {@code PUT /task/{id}}, on /engine-rest and under the webapps' {@code engine/{name}/}. */
    private static final Pattern TASK = Pattern.compile("(^|.*/)task/[^/]+/?");

    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @Override
    public boolean isMappable(ProcessEngineException exception) {
        return refusal(exception) != null;
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
        DepartmentTaskHolderRefused refused = refusal(exception);
        boolean taskUpdate = "PUT".equals(request.getMethod()) && TASK.matcher(uri.getPath()).matches();
        String field = DepartmentTaskHolders.GROUP.equals(refused.property()) ? DepartmentTaskHolders.GROUP
                : taskUpdate ? refused.property() : "userId";
        Map<String, Object> problem = ProblemJson.body(400, field + ": " + refused.getMessage());
        problem.put("errors", List.of(new FieldProblem(field, refused.getMessage())));
        problem.put("message", problem.get("detail"));
        return Response.status(Response.Status.BAD_REQUEST).type("application/problem+json")
                .entity(ProblemJson.text(problem)).build();
    }

    static DepartmentTaskHolderRefused refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DepartmentTaskHolderRefused refused) {
                return refused;
            }
        }
        return null;
    }
}
