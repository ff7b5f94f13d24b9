package com.hostflow.common.web;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An {@code Idempotency-Key} sent twice is refused, naming the header, as a query parameter sent twice is: Spring
 * joins the values into one key ({@code k1,k2}), which matched neither the first request nor a retry of it. A create's
 * handler takes the header as a {@link CreateKey}, documented here on every such operation: the header, and the 200
 * of a request sent again beside the 201.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyConfiguration implements WebMvcConfigurer {

    static {
        // the header is documented below, not as a query object
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

    static boolean takesCreateKey(MethodParameter[] parameters) {
        return Arrays.stream(parameters).anyMatch(parameter -> parameter.getParameterType() == CreateKey.class);
    }

    /** A {@link CreateKey}, or the header itself (an order's, a credit's): a create that answers 200 when sent again. */
    static boolean takesIdempotencyKey(MethodParameter[] parameters) {
        return takesCreateKey(parameters) || Arrays.stream(parameters).map(parameter -> parameter
                .getParameterAnnotation(RequestHeader.class)).anyMatch(header -> header != null
                        && IdempotencyKeyHeader.NAME.equals(header.name().isEmpty() ? header.value() : header.name()));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(HeaderArgument.resolver(CreateKey.class,
                request -> new CreateKey(request.getHeader(IdempotencyKeyHeader.NAME))));
    }

    /** The header on every operation that takes a {@link CreateKey}; its 200 is {@code createdAndDeletedStatuses}'s. */
    @Bean
    OperationCustomizer createKeyHeader() {
        return (operation, handler) -> {
            if (takesCreateKey(handler.getMethodParameters())) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyKeyHeader.NAME).required(false)
                        .description("Optional, 1 to 100 visible ASCII characters (e.g. a UUID): the same request"
                                + " sent again with the key answers 200 with the entry the first one created (same"
                                + " `Location`) and creates nothing; another request under a used key is 409. A"
                                + " refused request records nothing. Passwords are not part of the request compared:"
                                + " a retry with another password is the same request.")
                        .schema(new StringSchema().example("5b0d5a8e-tariff-1")));
            }
            return operation;
        };
    }
}
