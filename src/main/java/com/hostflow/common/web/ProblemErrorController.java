package com.hostflow.common.web;

import java.util.Map;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container's error page ({@code /error}) for everything no controller answered: an unknown path, a request a
 * filter refused with {@code sendError}. A problem with a message, never Spring's bare default body.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status < 500 && message instanceof String text && !text.isBlank() && isPlain(text) ? text
                : StatusMessages.detail(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Map.of("type", "about:blank", "title", StatusMessages.title(status), "status", status,
                        "detail", detail));
    }

    /** A container message meant for people (no class names, no stack frames). */
    private static boolean isPlain(String text) {
        return text.length() < 300 && !text.contains("Exception") && !text.contains("\tat ");
    }
}
