package com.hostflow.common.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A problem body ({@code application/problem+json}) written by hand where no message converter runs. */
public final class ProblemJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** a %-escape a cut went through: dropped, so the rest stays a URI */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%[0-9A-Fa-f]?$");

    private ProblemJson() {
    }

    /**
     * Writes the problem as the whole answer (filters and handlers that answer before Spring MVC), with the request's
     * path as its {@code instance}, as Spring MVC's problems have it.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        write(request, response, body(status, detail), null);
    }

    /**
     * As {@link #write(HttpServletRequest, HttpServletResponse, int, String)}, naming one field (a header, a
     * parameter) in {@code errors}, the field's name from the request cut like other quoted input.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String detail,
            String field, String message) throws IOException {
        write(request, response, body(status, detail), List.of(Map.of("field", echo(field), "message", message)));
    }

    /**
     * A 400 naming each bad field (parameters) in {@code errors}, the detail listing them as the API's other 400s do,
     * fields and messages cut like other quoted input.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status,
            List<FieldProblem> problems) throws IOException {
        write(request, response, body(status, ProblemText.summary(problems)), ProblemText.listed(problems));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, Map<String, Object> problem,
            List<?> errors) throws IOException {
        // an answer written while Tomcat's error page is dispatched (/error) is for the request that failed
        String uri = request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String failed
                        ? failed : request.getRequestURI();
        problem.put("instance", instance(uri.substring(Math.min(uri.length(), request.getContextPath().length()))));
        if (errors != null) {
            problem.put("errors", errors);
        }
        response.setStatus((Integer) problem.get("status"));
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(text(problem));
    }

    /**
     * A problem's {@code instance} for a request path: a 6000-character path id was sent back whole beside the
     * detail, so it is cut to {@value ProblemText#MAX_ECHO} characters ending in "…", like other quoted input.
     */
    public static String instance(String path) {
        if (path.length() <= ProblemText.MAX_ECHO) {
            return path;
        }
        return BROKEN_ESCAPE.matcher(path.substring(0, ProblemText.MAX_ECHO)).replaceAll("") + "…";
    }

    /** Input from the request as a problem quotes it, cut to {@value ProblemText#MAX_ECHO} characters. */
    public static String echo(String input) {
        return ProblemText.echo(input);
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
