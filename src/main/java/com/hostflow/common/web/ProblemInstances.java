package com.hostflow.common.web;

import java.net.URI;
import java.util.regex.Pattern;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A problem's {@code instance} is the request's path (Spring fills it in): a 6000-character path id was sent back
 * whole beside the detail. Cut to {@value ProblemText#MAX_ECHO} characters ending in "…", like other quoted input.
 */
@RestControllerAdvice(basePackages = "com.hostflow")
class ProblemInstances implements ResponseBodyAdvice<Object> {

    /** a %-escape the cut went through: dropped, so the rest stays a URI */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%[0-9A-Fa-f]?$");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getInstance() != null) {
            String instance = problem.getInstance().toString();
            if (instance.length() > ProblemText.MAX_ECHO) {
                String cut = BROKEN_ESCAPE.matcher(instance.substring(0, ProblemText.MAX_ECHO)).replaceAll("");
                problem.setInstance(URI.create(cut + "…"));
            }
        }
        return body;
    }
}
