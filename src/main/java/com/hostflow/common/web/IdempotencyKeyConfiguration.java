package com.hostflow.common.web;

import java.util.Collections;
import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An {@code Idempotency-Key} sent twice is refused, naming the header, as a query parameter sent twice is: Spring
 * joins the values into one key ({@code k1,k2}), which matched neither the first request nor a retry of it. A create's
 * handler takes the header as a {@link CreateKey}, resolved here.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyConfiguration implements WebMvcConfigurer {

    static {
        // a header, not a query object
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CreateKey.class);
    }

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

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == CreateKey.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                    NativeWebRequest request, WebDataBinderFactory binderFactory) {
                return new CreateKey(request.getHeader(IdempotencyKeyHeader.NAME));
            }
        });
    }
}
