package com.hostflow.common.web;

import java.util.Collections;
import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An {@code Idempotency-Key} sent twice is refused, naming the header, as a query parameter sent twice is: Spring
 * joins the values into one key ({@code k1,k2}), which matched neither the first request nor a retry of it.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                List<String> keys = Collections.list(request.getHeaders(IdempotencyKeyHeader.NAME));
                if (keys.size() > 1) {
                    throw new InvalidInputException(IdempotencyKeyHeader.NAME, "given more than once ('"
                            + ProblemText.echo(String.join("', '", keys)) + "'); send it once");
                }
                return true;
            }
        }).addPathPatterns("/api/**");
    }
}
