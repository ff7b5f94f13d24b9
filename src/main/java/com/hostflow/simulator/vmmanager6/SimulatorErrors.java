package com.hostflow.simulator.vmmanager6;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers the simulator's refusals in VMmanager's error shape ({@code {"error":{"code","msg","value"}}},
 * reference/vmmanager6-api.md) instead of HostFlow's problem+json.
 */
@RestControllerAdvice(assignableTypes = {SimulatorApiController.class, SimulatorControlController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class SimulatorErrors {

    @ExceptionHandler(SimulatorException.class)
    ResponseEntity<Map<String, Object>> refused(SimulatorException e) {
        return body(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return body(HttpStatus.BAD_REQUEST, SimulatorException.INVALID_VALUE, "Invalid request: " + e.getMessage());
    }

    static ResponseEntity<Map<String, Object>> body(HttpStatus status, int code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error(code, message));
    }

    static Map<String, Object> error(int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("msg", message);
        // VMmanager puts the refused values' details here; the simulator names none, and a reader finds the key
        error.put("value", Map.of());
        return Map.of("error", error);
    }
}
