package com.hostflow.common.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Sends the strong {@code ETag} of every single resource the API answers ({@link Versioned}: a GET by id, a create,
 * an update), so no controller can forget it; lists carry none.
 */
@RestControllerAdvice(basePackages = "com.hostflow")
class VersionTags implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof Versioned versioned) {
            response.getHeaders().setETag(IfMatch.tagOf(versioned.version()));
        }
        return body;
    }
}
