package com.hostflow.security;

import java.io.IOException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Answers a missing login (401 with the Basic challenge) and a forbidden call (403) on the API as problems. */
class ProblemSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"HostFlow\"");
        ProblemJson.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "log in with HTTP Basic");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        ProblemJson.write(request, response, HttpServletResponse.SC_FORBIDDEN, "you may not do this");
    }
}
