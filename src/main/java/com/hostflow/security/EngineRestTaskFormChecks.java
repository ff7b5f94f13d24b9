package com.hostflow.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.rest.dto.task.CompleteTaskDto;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.rest.util.EngineUtil;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Staff answer a task through its form: {@code submit-form}, {@code complete} and {@code resolve} of a task with a
 * form carry that form's fields only, anything else is 400 naming the variable. The engine sets every variable a
 * completion carries on the task's process, and the process reads its service, operation and key from its variables:
 * a member of a department re-pointed {@code serviceId} of its task to another client's service and put the external
 * id it chose on that service. Admins keep the engine's rules (they may change any process in Cockpit anyway); the
 * other ways to set a task's variables are refused to staff by {@link EngineRestCallerGuard}. Registered on both copies
 * of the engine REST ({@code EngineRestConfiguration}).
 */
public class EngineRestTaskFormChecks implements ReaderInterceptor {

    /** A task's answer, on /engine-rest and under the webapps' {@code engine/{name}/}. */
    private static final Pattern ANSWER =
            Pattern.compile("^(?:engine/([^/]+)/)?task/([^/]+)/(submit-form|complete|resolve)/?$");

    @Context
    private UriInfo uri;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof CompleteTaskDto answer && answer.getVariables() != null
                && !answer.getVariables().isEmpty()) {
            Matcher task = ANSWER.matcher(uri.getPath());
            if (task.matches()) {
                String stranger = notAFormField(EngineUtil.lookupProcessEngine(task.group(1)), task.group(2),
                        answer.getVariables().keySet());
                if (stranger != null) {
                    throw new InvalidRequestException(Status.BAD_REQUEST, stranger + ": is not a field of the task's"
                            + " form; staff answer a task with its form's fields only");
                }
            }
        }
        return body;
    }

    /** The first variable a member of staff sends that the task's form does not have, or null. */
    private static String notAFormField(ProcessEngine engine, String taskId, Set<String> names) {
        Authentication caller = engine.getIdentityService().getCurrentAuthentication();
        List<String> groups = caller == null || caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
        if (caller == null || groups.contains(Roles.ADMIN_GROUP)) {
            return null;
        }
        Set<String> fields;
        try {
            TaskFormData form = engine.getFormService().getTaskFormData(taskId);
            fields = form == null ? Set.of() : form.getFormFields().stream().map(FormField::getId)
                    .collect(Collectors.toSet());
        } catch (ProcessEngineException e) {
            // no such task, or not the caller's: the operation itself answers that
            return null;
        }
        if (fields.isEmpty()) {
            // a task without a form of fields (none of HostFlow's): the engine's rules
            return null;
        }
        return names.stream().filter(name -> !fields.contains(name)).sorted().findFirst().orElse(null);
    }
}
