package com.hostflow.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A problem body ({@code application/problem+json}) written by hand where no message converter runs. */
public final class ProblemJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {
    }

    /** Writes the problem as the whole answer (filters and handlers that answer before Spring MVC). */
    public static void write(jakarta.servlet.http.HttpServletResponse response, int status, String detail)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(of(status, detail));
    }

    public static String of(int status, String detail) {
        return text(body(status, detail));
    }

    /** The members every problem has, for a caller that adds its own (e.g. {@code errors}) before {@link #text}. */
    public static Map<String, Object> body(int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", StatusMessages.title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    public static String text(Map<String, Object> problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
