package com.hostflow.lifecycle;

import java.io.IOException;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An admin activates a process instance in Cockpit (or through the engine REST) with {@code PUT .../suspended}, on an
 * instance, on many or on a definition with its instances: once the engine REST answered it (the activation
 * committed), the messages kept for suspended instances ({@link KeptMessages}) are told to those now active. A
 * suspension, or a job's, answers the same way and finds nothing to tell. Kept messages whose delivery failed are
 * told too, their back-off left aside: the admin may just have mended what made them fail.
 */
@Configuration(proxyBeanMethods = false)
class KeptMessagesOnActivation {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> keptMessagesOnActivationFilter(KeptMessages kept) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                            FilterChain chain) throws ServletException, IOException {
                        chain.doFilter(request, response);
                        if ("PUT".equals(request.getMethod()) && request.getRequestURI().endsWith("/suspended")
                                && response.getStatus() < 300) {
                            kept.tellAgainNow();
                        }
                    }
                });
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setName("kept-messages-on-activation");
        return registration;
    }
}
