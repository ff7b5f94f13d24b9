package com.hostflow.common.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.camunda.bpm.engine.rest.dto.externaltask.FetchExternalTasksDto;
import org.camunda.bpm.engine.rest.dto.externaltask.FetchExternalTasksDto.FetchExternalTaskTopicDto;
import org.camunda.bpm.engine.rest.dto.task.TaskDto;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import jakarta.ws.rs.core.MediaType;
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
 * <li>a NUL character or an unpaired UTF-16 surrogate in any text or key of a JSON body, e.g. a form field of
 * {@code POST /task/{id}/submit-form} or {@code complete}, a variable's value or name: PostgreSQL cannot store NUL
 * (the persistence layer's failure was a 500, the task stayed open) and stores a lone surrogate as {@code ?}.</li>
 * <li>a JSON number no double holds ({@code 1e309}) anywhere, and a variable of type Double given as a text that is
 * no finite number: the engine stored Infinity.</li>
 * </ul>
 */
public class EngineRestBodyChecks implements ReaderInterceptor {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && type.getSubtype().endsWith("json")) {
            byte[] raw = context.getInputStream().readAllBytes();
            context.setInputStream(new ByteArrayInputStream(raw));
            checkJson(raw);
        }
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

    /** Checks a JSON body as sent, before it is read; a subclass for one application adds its own checks. */
    void checkJson(byte[] raw) {
        String refusal = refusal(raw);
        if (refusal != null) {
            throw new InvalidRequestException(Status.BAD_REQUEST, refusal);
        }
    }

    static final String UNSTORABLE_TEXT = "must not contain a NUL character or an unpaired UTF-16 surrogate";
    static final String NO_DOUBLE = "is a number no double holds (at most ±1.7976931348623157E308); the engine would"
            + " keep it as Infinity";
    static final String NOT_FINITE = "a Double must be a finite number (at most ±1.7976931348623157E308)";

    /**
     * What is wrong with the body, "field: problem", or null: the first text or key PostgreSQL cannot store as it is;
     * a JSON number too large for a double ({@code {"value":1e309,"type":"Double"}} was stored as Infinity, in a
     * String variable as the text "Infinity", and a variable filter compared with it); a variable of type Double given
     * as a text that reads as no finite number ({@code "1e309"}, {@code "NaN"}).
     */
    static String refusal(byte[] json) {
        // the objects open, innermost first: a variable's type and text value, compared once its object closes
        Deque<Variable> objects = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    objects.push(new Variable(path(parser.getParsingContext())));
                } else if (token == JsonToken.END_OBJECT) {
                    Variable variable = objects.pop();
                    if (variable.notAFiniteDouble()) {
                        return (variable.path.isEmpty() ? "" : variable.path + ".") + "value: " + NOT_FINITE;
                    }
                } else if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
                        && unstorable(parser.getText())) {
                    // a key is named by the object that holds it: the answer must not repeat what it refuses
                    String path = path(token == JsonToken.FIELD_NAME ? parser.getParsingContext().getParent()
                            : parser.getParsingContext());
                    return (path.isEmpty() ? "body" : path) + ": " + UNSTORABLE_TEXT;
                } else if (token.isNumeric() && Double.isInfinite(parser.getDoubleValue())) {
                    String path = path(parser.getParsingContext());
                    return (path.isEmpty() ? "body" : path) + ": " + NO_DOUBLE;
                } else if (token == JsonToken.VALUE_STRING && parser.getParsingContext().inObject()) {
                    objects.peek().read(parser.currentName(), parser.getText());
                }
            }
            return null;
        } catch (IOException e) {
            return null; // not JSON: the engine REST's reader says so (EngineRestJsonErrors)
        }
    }

    /** The dotted path of what the parser is at: {@code variables.comment.value}; empty at the top. */
    private static String path(JsonStreamContext context) {
        String pointer = context.pathAsPointer().toString();
        return pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
    }

    /** An object of the body that may be a variable's value: {@code {"value": "...", "type": "Double"}}. */
    private static final class Variable {

        final String path;
        String type;
        String text;

        Variable(String path) {
            this.path = path;
        }

        void read(String name, String value) {
            if ("type".equals(name)) {
                type = value;
            } else if ("value".equals(name)) {
                text = value;
            }
        }

        boolean notAFiniteDouble() {
            if (text == null || !"double".equalsIgnoreCase(type)) {
                return false;
            }
            String number = text.trim();
            if (number.equalsIgnoreCase("INF") || number.equalsIgnoreCase("-INF")) {
                return true;
            }
            try {
                return !Double.isFinite(Double.parseDouble(number));
            } catch (NumberFormatException e) {
                return false; // no number at all: the engine REST says so
            }
        }
    }

    private static boolean unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidRequestException refused(String field, String problem) {
        return new InvalidRequestException(Status.BAD_REQUEST, field + ": " + problem);
    }
}
