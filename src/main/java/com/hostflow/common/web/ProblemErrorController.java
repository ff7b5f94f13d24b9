package com.hostflow.common.web;

import java.util.List;
import java.util.Map;

import org.apache.coyote.BadRequestException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import com.hostflow.security.CurrentUser;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container's error page ({@code /error}) for everything no controller answered: an unknown path, a request a
 * filter refused with {@code sendError}. A problem with a message, never Spring's bare default body; a browser
 * outside the API gets the same message as a small page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final CurrentUser currentUser;

    ProblemErrorController(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        int status = status(request);
        Map<String, Object> problem = ProblemJson.body(status, detail(request, status));
        String path = path(request);
        if (path != null) {
            problem.put("instance", ProblemJson.instance(path));
        }
        String body = unreadableBody(request, status);
        if (body != null) {
            problem.put("errors", List.of(Map.of("field", "body", "message", body)));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A browser on the web console or the webapps gets a page; the API stays JSON whatever the browser asks. */
    @RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<?> errorPage(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && (path.startsWith("/api/") || path.startsWith("/engine-rest/"))) {
            return error(request);
        }
        int status = status(request);
        String title = HtmlUtils.htmlEscape(StatusMessages.title(status));
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " · HostFlow</title></head><body><h1>" + title + "</h1><p>"
                + HtmlUtils.htmlEscape(detail(request, status)) + "</p><p>" + onwards() + "</p></body></html>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(page);
    }

    /**
     * Where the page leads, as the 403 page does: a client to its area, staff and admins to the console, nobody logged
     * in (or a login to the webapps only) to the login page. It linked "/", which is Camunda's welcome page.
     */
    private String onwards() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        boolean loggedIn = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken);
        if (loggedIn && currentUser.isClient()) {
            return "<a href=\"/my\" id=\"error-home\">Go to your client area</a>";
        }
        if (loggedIn && (currentUser.isAdmin() || currentUser.isStaff())) {
            return "<a href=\"/console\" id=\"error-home\">Go to the console</a>";
        }
        return "<a href=\"/login\" id=\"error-home\">Log in to HostFlow</a>";
    }

    private static int status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer i && i >= 400 ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
    }

    private static String detail(HttpServletRequest request, int status) {
        String body = unreadableBody(request, status);
        if (body != null) {
            return body;
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return status < 500 && message instanceof String text && !text.isBlank() && isPlain(text) ? text
                : StatusMessages.detail(status, path(request));
    }

    /**
     * What the connector said of a body it could not read while a filter or Spring MVC read it (a chunked body whose
     * chunk sizes are not hex: "Invalid chunk header"), or {@code null}: such a request was answered "the path, query
     * or headers contain characters or escapes that are not allowed", of a request whose path and headers were fine.
     */
    private static String unreadableBody(HttpServletRequest request, int status) {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = status == 400 && failure instanceof Throwable thrown ? thrown : null; t != null;
                t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadRequestException refused) {
                String chunked = String.valueOf(request.getHeader("Transfer-Encoding")).contains("chunked")
                        ? " (chunked: each chunk its size in hex, CRLF, its bytes and CRLF; the last one 0, CRLF, CRLF)"
                        : "";
                return "the request body could not be read as sent"
                        + (refused.getMessage() == null ? "" : ": " + ProblemText.echo(refused.getMessage()))
                        + chunked;
            }
        }
        return null;
    }

    /** The path the failed request asked for, without the context path. */
    private static String path(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String full ? full.substring(Math.min(full.length(),
                request.getContextPath().length())) : null;
    }

    /** A container message meant for people (no class names, no stack frames). */
    private static boolean isPlain(String text) {
        return text.length() < 300 && !text.contains("Exception") && !text.contains("\tat ");
    }
}
