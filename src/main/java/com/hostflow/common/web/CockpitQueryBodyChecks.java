package com.hostflow.common.web;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Response.Status;

/**
 * A variable filter of a Cockpit plugin query ({@code POST /camunda/api/cockpit/plugin/base/default/process-instance}
 * with {@code "variables": [{"name": "a", "operator": "eq", "value": {"x": 1}}]}) whose value is a JSON object or
 * array: the engine refuses it ("Object values cannot be used to query") inside the plugin's query, which Cockpit's
 * application answered with 500. Refused with 400 naming the filter's value ({@code variables[0].value}) before the
 * query runs. Every body of the plugin API is a query, so every list named {@code variables} or {@code ...Variables}
 * is checked. A body that is not JSON is left to the reader ({@link EngineRestJsonErrors}). The engine REST's own
 * checks of a body come first ({@link EngineRestBodyChecks}), so the body is read once.
 */
public class CockpitQueryBodyChecks extends EngineRestBodyChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine REST's checks of the text (a NUL, a lone surrogate), then the variable filters' values. */
    @Override
    void checkJson(byte[] raw) {
        super.checkJson(raw);
        String field = objectValueFilter(raw);
        if (field != null) {
            throw new InvalidRequestException(Status.BAD_REQUEST, "the JSON field '" + field
                    + "' is an object or a list; a variable filter compares a text, number, boolean or null");
        }
    }

    /** The path of the first variable filter's value that is an object or an array, or null. */
    static String objectValueFilter(byte[] json) {
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (IOException notJson) {
            return null;
        }
        if (body == null || !body.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray() && (field.getKey().equals("variables")
                    || field.getKey().endsWith("Variables"))) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    JsonNode value = field.getValue().get(i).path("value");
                    if (value.isContainerNode()) {
                        return field.getKey() + "[" + i + "].value";
                    }
                }
            }
        }
        return null;
    }
}
