package com.hostflow.common.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A path nothing serves: Spring MVC raises {@link NoResourceFoundException} from its static-resource handler, and
 * its own problem said "No static resource api/v1/…", as if the API were files. Answered with the method and the
 * path asked for (cut like other quoted input, so a very long path keeps the answer small).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPaths {

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail unknownPath(NoResourceFoundException e, HttpServletRequest request) {
        // the resource path has its trailing slash cut: "/api/v1/datacenters/" was "nothing is at …/datacenters"
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String detail = "nothing is at " + e.getHttpMethod() + " " + ProblemText.echo(path);
        if (path.length() > 1 && path.endsWith("/")) {
            detail += "; paths end without a slash: " + ProblemText.echo(path.replaceAll("/+$", ""));
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    }
}
