package com.hostflow.common.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A JSON body the engine REST cannot read: two sets of mappers take Jackson's errors, the engine REST's (400 in its
 * error shape, with an empty message) and those of Jersey's Jackson support (400 as plain text, Jackson's message
 * naming the engine REST's Java classes, e.g. "Cannot construct instance of `java.util.LinkedHashMap`"); Jersey chose
 * either, depending on the order it found them in at start. These mappers come before both by their priority: 400 in
 * the engine REST's error shape, {@code type} {@code InvalidRequestException}, a message naming the JSON field (or the
 * line and column of broken JSON) and no class.
 */
public final class EngineRestJsonErrors {

    /** Where a field path is cut, as the API cuts values it quotes. */
    private static final int LONGEST_FIELD = 100;

    private EngineRestJsonErrors() {
    }

    /** A body that is not JSON, e.g. cut short. */
    @Priority(Priorities.USER - 100)
    public static class Syntax implements ExceptionMapper<JsonParseException> {

        @Override
        public Response toResponse(JsonParseException exception) {
            return notJson(exception);
        }
    }

    /** 400 for a body that does not parse as JSON, with the line and column where it broke. */
    private static Response notJson(JsonParseException exception) {
        JsonLocation at = exception.getLocation();
        return EngineRestInputErrors.invalidRequest("the request body is not well-formed JSON"
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    /** JSON of the wrong shape for the operation, e.g. {@code "variables": "text"}, {@code "maxTasks": "x"}. */
    @Priority(Priorities.USER - 100)
    public static class Shape implements ExceptionMapper<JsonMappingException> {

        @Override
        public Response toResponse(JsonMappingException exception) {
            if (exception.getCause() instanceof JsonParseException broken) {
                return notJson(broken); // e.g. the body ends inside a map: Jackson reports it where it was reading
            }
            String field = field(exception);
            String problem = exception.getCause() instanceof StreamConstraintsException
                    ? "is nested too deeply or too long" : "has a value of the wrong JSON type or format";
            return EngineRestInputErrors.invalidRequest(field.isEmpty()
                    ? "the request body " + problem + " for this operation"
                    : "the JSON field '" + field + "' " + problem + "; see the engine REST documentation of this"
                            + " operation");
        }

        /** The path of the field in the body, {@code topics[0].lockDuration}, cut to {@value #LONGEST_FIELD}. */
        private static String field(JsonMappingException exception) {
            String field = JsonFieldPath.of(exception);
            return field.length() > LONGEST_FIELD ? field.substring(0, LONGEST_FIELD) + "…" : field;
        }
    }
}
