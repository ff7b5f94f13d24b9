package com.hostflow.common.web;

import java.io.IOException;
import java.util.List;

import org.camunda.bpm.engine.rest.dto.externaltask.FetchExternalTasksDto;
import org.camunda.bpm.engine.rest.dto.externaltask.FetchExternalTasksDto.FetchExternalTaskTopicDto;
import org.camunda.bpm.engine.rest.dto.task.TaskDto;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Values of engine REST bodies that neither the engine REST nor the engine checks, checked once Jersey has read the
 * body and before the operation runs; each refused with 400 in the engine REST's own error shape, naming the field:
 * <ul>
 * <li>a task's {@code id} that is blank ({@code POST /task/create {"id":""}} made a task whose id no path can name;
 * without an id the engine makes one);</li>
 * <li>{@code POST /external-task/fetchAndLock} with {@code maxTasks} below 0, or a topic without a
 * {@code lockDuration} above 0 (the engine's plain error "lockTime is not greater than 0" was answered with 500).</li>
 * </ul>
 */
public class EngineRestBodyChecks implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof TaskDto task && task.getId() != null && task.getId().isBlank()) {
            throw refused("id", "a task's id must not be blank; leave it out and the engine makes one");
        }
        if (body instanceof FetchExternalTasksDto fetch) {
            if (fetch.getMaxTasks() < 0) {
                throw refused("maxTasks", "must be 0 or more");
            }
            List<FetchExternalTaskTopicDto> topics = fetch.getTopics() == null ? List.of() : fetch.getTopics();
            for (int i = 0; i < topics.size(); i++) {
                if (topics.get(i) != null && topics.get(i).getLockDuration() <= 0) {
                    throw refused("topics[" + i + "].lockDuration",
                            "must be given, the milliseconds to lock the tasks for, more than 0");
                }
            }
        }
        return body;
    }

    private static InvalidRequestException refused(String field, String problem) {
        return new InvalidRequestException(Status.BAD_REQUEST, field + ": " + problem);
    }
}
