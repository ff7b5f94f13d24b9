package com.hostflow.common.web;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.util.EngineUtil;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A call about a task that ended a moment before ({@code POST /task/{id}/complete}, {@code submit-form},
 * {@code claim}, ... of a department task whose service was deleted meanwhile, whose process moved on): 404
 * {@code application/problem+json} "task ... no longer exists", so Tasklist's user reads the tasks again. The engine
 * answered such a call two ways, neither of which said so: "Cannot find task with id ...: task is null" (the engine's
 * {@link NullValueException}, a 400) when the task was gone before the call read it, and a 403 as if the caller had
 * never had the right when the call read the task and its authorization check ran after the task ended, which took
 * the department's right to it away with it. A completion that read the task before another completion committed and
 * its execution after fails with a {@code NullPointerException} inside the engine ("execution" is null), which
 * {@link EngineRestInputErrors} answered 400 "the request is missing a required part". Only a task the engine's
 * history knows as ended is answered so: an id that never was a task keeps the 400, a task that still runs keeps its
 * 403.
 */
public final class EngineRestEndedTasks {

    /** The task a call of the engine REST names: {@code task/{id}/...}, with or without {@code engine/{name}/}. */
    private static final Pattern TASK = Pattern.compile("^(?:engine/([^/]+)/)?task/([^/]+)(?:/.*)?$");

    private EngineRestEndedTasks() {
    }

    /** The problem to answer when the failure is one an ended task causes and the called task has ended. */
    static Response answer(Throwable failure, UriInfo uri) {
        if (!(failure instanceof NullValueException || failure instanceof AuthorizationException
                || thrownInTheEngine(failure))) {
            return null;
        }
        Matcher task = TASK.matcher(uri.getPath());
        if (!task.matches()) {
            return null;
        }
        String ended = ended(EngineUtil.lookupProcessEngine(task.group(1)), task.group(2));
        if (ended == null) {
            return null;
        }
        Map<String, Object> problem = ProblemJson.body(404, "task " + task.group(2) + " no longer exists: " + ended
                + "; read the tasks again");
        problem.put("message", problem.get("detail"));
        return Response.status(Response.Status.NOT_FOUND).type("application/problem+json")
                .entity(ProblemJson.text(problem)).build();
    }

    /** A NullPointerException of the engine's own code: what it reads of a task it read a moment before is gone. */
    private static boolean thrownInTheEngine(Throwable failure) {
        if (!(failure instanceof NullPointerException)) {
            // also a RestException without a cause
            return false;
        }
        StackTraceElement[] stack = failure.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("org.camunda.bpm.engine.impl.");
    }

    /** How the task ended, or null while it runs or when the engine never had it. */
    private static String ended(ProcessEngine engine, String taskId) {
        if (engine == null) {
            return null;
        }
        // the engine's managers read by id without authorization checks: the caller may have lost its right to see
        // the task with the task, and learns only that the id it named has ended
        return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
                .execute(command -> {
                    if (command.getTaskManager().findTaskById(taskId) != null) {
                        return null;
                    }
                    HistoricTaskInstanceEventEntity history = command.getHistoricTaskInstanceManager()
                            .findHistoricTaskInstanceById(taskId);
                    return history == null || history.getEndTime() == null ? null
                            : "it ended at " + history.getEndTime().toInstant()
                                    + (history.getDeleteReason() == null ? "" : " (" + history.getDeleteReason() + ")");
                });
    }

    /** Answers the failure an exception of type {@code E} carries, when it is one an ended task causes. */
    abstract static class EndedTaskMapper<E extends Throwable> implements ExtendedExceptionMapper<E> {

        @Context
        private UriInfo uri;

        /** The failure to judge: the exception itself, or what it wraps. */
        abstract Throwable failure(E exception);

        @Override
        public boolean isMappable(E exception) {
            return answer(failure(exception), uri) != null;
        }

        @Override
        public Response toResponse(E exception) {
            return answer(failure(exception), uri);
        }
    }

    /** The engine's own errors: {@code claim}, {@code assignee}, {@code delegate}, ... and every 403. */
    @Priority(Priorities.USER - 150)
    public static class EngineErrors extends EndedTaskMapper<ProcessEngineException> {

        @Override
        Throwable failure(ProcessEngineException exception) {
            return exception;
        }
    }

    /** The engine's NullPointerException, which {@code complete} and {@code submit-form} pass on unwrapped. */
    @Priority(Priorities.USER - 150)
    public static class EngineFailures extends EndedTaskMapper<NullPointerException> {

        @Override
        Throwable failure(NullPointerException exception) {
            return exception;
        }
    }

    /** The engine REST's wrapping of them: {@code complete} and {@code submit-form}. */
    @Priority(Priorities.USER - 150)
    public static class RestErrors extends EndedTaskMapper<RestException> {

        @Override
        Throwable failure(RestException exception) {
            return exception.getCause();
        }
    }
}
