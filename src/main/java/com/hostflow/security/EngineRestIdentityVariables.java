package com.hostflow.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.ProblemJson;
import com.hostflow.lifecycle.ProcessVariables;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * The variables a process finds its rows by ({@link ProcessVariables#IDENTITY}: {@code serviceId}, {@code operation},
 * {@code operationKey}, …) are not changed on a process that runs, by anyone, admins included: 400
 * {@code application/problem+json} naming the variable, and nothing changes. An admin's Cockpit (or the engine REST
 * it calls) set them like any other variable, and a process whose {@code serviceId} was re-pointed opened, closed or
 * charged another client's service. Every other variable stays editable.
 *
 * <p>Refused: a variable of a process instance, execution or task set, changed or removed by name
 * ({@code PUT|DELETE .../variables/{name}}, {@code .../localVariables/{name}}, {@code .../data}), and any body that
 * carries one as a variable to set or remove ({@code variables}, {@code localVariables}, {@code processVariables},
 * {@code processVariablesLocal}, {@code processVariablesToTriggeredScope}, {@code modifications}, {@code deletions}):
 * variable patches, a modification's instructions, {@code variables-async}, migrations, messages, signals,
 * conditions, task and external-task completions. Starting a process ({@code process-definition/.../start} and
 * {@code submit-form}) gives them their first value and stays allowed, as does evaluating a decision on its own.
 * Queries name variables in lists of conditions, which are read, not written. Registered on both copies of the engine REST
 * ({@code EngineRestConfiguration}).
 */
public class EngineRestIdentityVariables implements ContainerRequestFilter, ReaderInterceptor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A variable named in the path, on /engine-rest and under the webapps' {@code engine/{name}/}. */
    private static final Pattern NAMED = Pattern.compile(
            "^(?:engine/[^/]+/)?(?:process-instance|execution|task)/[^/]+/(?:variables|localVariables)/([^/]+)(?:/data)?/?$");
    /**
     * What changes no running process: a new instance (its variables are its first values), a decision evaluated on
     * its own (ModuleFailurePolicy reads an input named {@code operation}).
     */
    private static final Pattern WRITES_NO_RUNNING_PROCESS = Pattern.compile("^(?:engine/[^/]+/)?(?:"
            + "process-definition/(?:key/[^/]+(?:/tenant-id/[^/]+)?|[^/]+)/(?:start|submit-form)"
            + "|decision-definition/(?:key/[^/]+(?:/tenant-id/[^/]+)?|[^/]+)/evaluate)/?$");
    /** Fields of a body that hold variables to set, by name. */
    private static final Set<String> VARIABLE_MAPS = Set.of("variables", "localVariables", "processVariables",
            "processVariablesLocal", "processVariablesToTriggeredScope", "modifications");
    private static final String DELETIONS = "deletions";
    private static final String REFUSED = "identifies the rows this process works on; it is set when the process"
            + " starts and is not changed on a running process (start a new one instead)";

    @Context
    private UriInfo uri;

    @Override
    public void filter(ContainerRequestContext request) {
        String variable = identityVariableNamed(request.getMethod(), request.getUriInfo().getPath());
        if (variable != null) {
            request.abortWith(refusal(variable));
        }
    }

    /** The identity variable a write names in its path (relative to the engine REST's root), or null. */
    static String identityVariableNamed(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return null;
        }
        Matcher named = NAMED.matcher(path);
        return named.matches() && ProcessVariables.IDENTITY.contains(named.group(1)) ? named.group(1) : null;
    }

    /** Whether a body sent to this path (relative to the engine REST's root) changes no running process. */
    static boolean writesNoRunningProcess(String path) {
        return WRITES_NO_RUNNING_PROCESS.matcher(path).matches();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && type.getSubtype().endsWith("json") && !writesNoRunningProcess(uri.getPath())) {
            byte[] raw = context.getInputStream().readAllBytes();
            context.setInputStream(new ByteArrayInputStream(raw));
            String variable = identityVariableWritten(raw);
            if (variable != null) {
                throw new WebApplicationException(refusal(variable));
            }
        }
        return context.proceed();
    }

    /** The first identity variable the body sets or removes, or null. */
    static String identityVariableWritten(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return null; // not JSON: the engine REST's reader says so
        }
        return tree == null ? null : written(tree);
    }

    private static String written(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                String found = written(element);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (VARIABLE_MAPS.contains(field.getKey()) && value.isObject()) {
                for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    if (ProcessVariables.IDENTITY.contains(name)) {
                        return name;
                    }
                }
            }
            if (DELETIONS.equals(field.getKey()) && value.isArray()) {
                for (JsonNode name : value) {
                    if (name.isTextual() && ProcessVariables.IDENTITY.contains(name.asText())) {
                        return name.asText();
                    }
                }
            }
            String found = written(value);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Response refusal(String variable) {
        Map<String, Object> problem = ProblemJson.body(400, variable + ": " + REFUSED);
        problem.put("errors", List.of(new FieldProblem(variable, REFUSED)));
        problem.put("message", problem.get("detail"));
        return Response.status(Response.Status.BAD_REQUEST).type("application/problem+json")
                .entity(ProblemJson.text(problem)).build();
    }
}
