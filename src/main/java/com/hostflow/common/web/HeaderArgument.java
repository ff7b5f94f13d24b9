package com.hostflow.common.web;

import java.util.function.Function;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** A handler parameter of a type of its own, read from the request's headers ({@link IfMatch}, {@link CreateKey}). */
final class HeaderArgument {

    private HeaderArgument() {
    }

    static <T> HandlerMethodArgumentResolver resolver(Class<T> type, Function<NativeWebRequest, T> read) {
        return new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == type;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                    NativeWebRequest request, WebDataBinderFactory binderFactory) {
                return read.apply(request);
            }
        };
    }
}
