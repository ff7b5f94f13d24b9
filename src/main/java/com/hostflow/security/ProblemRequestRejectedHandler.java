package com.hostflow.security;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security's firewall refuses paths such as {@code %2e%2e}, {@code %0d%0a}, {@code %25}, {@code ;} or
 * {@code //} before anything else reads them: answer 400 with a problem saying why, instead of an error page. A header
 * or a parameter name it refuses (a control character; UTF-8 text in a header, which Tomcat reads as ISO-8859-1) is
 * named as the problem's field, not said to be the path.
 */
class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);
    /** Spring Security's words for a header it refuses: its name, or its value (the name then ends in a blank). */
    private static final Pattern HEADER = Pattern.compile(
            "^The request was rejected because the header(?: name \"(.*)\" is not allowed\\.$|: \"(.*?)\" has a value)",
            Pattern.DOTALL);
    private static final Pattern METHOD = Pattern.compile(
            "^The request was rejected because the HTTP method \"(.*)\" was not included within the list of allowed"
                    + " HTTP methods", Pattern.DOTALL);
    private static final Pattern PARAMETER_NAME = Pattern.compile(
            "^The request was rejected because the parameter name \"(.*)\" is not allowed\\.$", Pattern.DOTALL);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.debug("request rejected by the firewall: {}", e.getMessage());
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher header = HEADER.matcher(message);
        Matcher parameter = PARAMETER_NAME.matcher(message);
        Matcher method = METHOD.matcher(message);
        if (method.find()) {
            // TRACE: Tomcat refused it (405) and its error page, /error, came here with the same method
            String why = "the method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
            ProblemJson.write(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "the method "
                    + ProblemJson.echo(printable(method.group(1))) + " is not allowed: " + why, "method", why);
        } else if (header.find()) {
            String name = printable(header.group(1) != null ? header.group(1) : header.group(2)).strip();
            String why = "must be printable ASCII (a control character, or UTF-8 text, which is read as ISO-8859-1,"
                    + " is refused)";
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    "the header " + ProblemJson.echo(name) + " is not allowed: it " + why, name, why);
        } else if (parameter.find()) {
            String name = printable(parameter.group(1));
            String why = "a parameter's name must not contain control characters";
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    "the parameter " + ProblemJson.echo(name) + " is not allowed: " + why, name, why);
        } else {
            ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                    "the request path is not allowed: " + reason(message));
        }
    }

    /** A name as the firewall quoted it, control characters (C0 and C1) shown as {@code ?}. */
    private static String printable(String name) {
        return name.replaceAll("\\p{IsControl}", "?");
    }

    private static String reason(String message) {
        String reason = message == null ? "" : message.replaceFirst("^The request was rejected because ", "");
        reason = reason.replaceAll("\\p{Cntrl}", "?");
        return reason.length() > 200 ? reason.substring(0, 200) + "…" : reason;
    }
}
