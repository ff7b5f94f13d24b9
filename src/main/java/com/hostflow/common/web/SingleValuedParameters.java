package com.hostflow.common.web;

import java.util.Collection;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A query parameter the operation reads once, given more than once, is refused naming it and its values, whatever its
 * type. Spring refused a repeated number only because it joins the values ("1,2") and no number reads that: a repeated
 * enum, boolean or date silently took the first value ({@code ?period=MONTH&period=DAY} priced a month,
 * {@code ?active=true&active=false} listed the active tariffs) and a repeated text was searched for joined
 * ({@code ?code=a&code=b} checked the deletion code "a,b").
 */
@Configuration(proxyBeanMethods = false)
class SingleValuedParameters implements WebMvcConfigurer {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (handler instanceof HandlerMethod method) {
                    for (MethodParameter parameter : method.getMethodParameters()) {
                        refuseRepeated(request, parameter);
                    }
                }
                return true;
            }
        }).addPathPatterns("/api/**");
    }

    private static void refuseRepeated(HttpServletRequest request, MethodParameter parameter) {
        RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
        Class<?> type = parameter.getParameterType();
        if (annotation == null || type.isArray() || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type)) {
            return;
        }
        // Spring learns the parameter's name when it resolves the arguments, after the interceptors
        String[] names = NAMES.getParameterNames(parameter.getMethod());
        String name = StringUtils.hasText(annotation.name()) ? annotation.name()
                : names == null ? null : names[parameter.getParameterIndex()];
        String[] values = name == null ? null : request.getParameterValues(name);
        if (values != null && values.length > 1) {
            throw new InvalidInputException(name, "given more than once ('" + ProblemText.echo(values)
                    + "'); send it once");
        }
    }
}
