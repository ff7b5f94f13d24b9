package com.hostflow.common.web;

import java.io.IOException;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request body is JSON of a concrete media type. Spring MVC fails with an {@code IllegalArgumentException} (500)
 * while reading the headers of a request whose {@code Content-Type} is a wildcard ({@code *}{@code /*},
 * {@code application/*}): refuse such a type, and one that cannot be parsed, with a 415 problem before any handler
 * runs. It stands in the API's security chain right after the login and the access rules
 * ({@code SecurityConfiguration}), not before them: a caller without a valid login gets 401, and one the URL forbids
 * 403, whatever the Content-Type, so only a caller allowed to send the request learns how its input is read. Nothing
 * in that chain before it reads the Content-Type as a media type.
 */
public class ContentTypeGuard extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank() && !concrete(contentType)) {
            ProblemJson.write(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
                    + ProblemText.echo(contentType) + "' is not supported: send a request body as application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
