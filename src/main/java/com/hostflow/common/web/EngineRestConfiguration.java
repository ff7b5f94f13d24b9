package com.hostflow.common.web;

import java.util.Map;
import java.util.Set;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.hostflow.security.EngineRestIdentityVariables;
import com.hostflow.security.EngineRestTaskFormChecks;
import com.hostflow.security.EngineRestTaskHolderErrors;
import com.hostflow.security.EngineRestUserEmailErrors;

/**
 * HostFlow's Jersey providers of the engine REST, on both of its copies: {@code /engine-rest} (Spring Boot's Jersey
 * set-up) and the webapps' {@code /camunda/api/engine} (Camunda's own Jersey application).
 */
@Configuration(proxyBeanMethods = false)
class EngineRestConfiguration {

    /** The name under which Camunda's {@code CamundaBpmWebappInitializer} registers the webapps' engine REST. */
    static final String WEBAPP_ENGINE_SERVLET = "Engine Api";
    /** The name under which Camunda's initializer registers Cockpit's plugin API. */
    static final String WEBAPP_COCKPIT_SERVLET = "Cockpit Api";

    /** The engine REST's answers HostFlow changes, the same on both copies. */
    static final Set<Class<?>> PROVIDERS = Set.of(EngineRestInputErrors.class, EngineRestEngineErrors.class,
            EngineRestEngineErrors.DomainConflicts.class,
            EngineRestCauseMessages.class, EngineRestJsonErrors.Syntax.class, EngineRestJsonErrors.Shape.class,
            EngineRestBodyChecks.class, EngineRestTaskHolderErrors.class, EngineRestEndedTasks.EngineErrors.class,
            EngineRestEndedTasks.RestErrors.class, EngineRestEndedTasks.EngineFailures.class,
            EngineRestMissingReferences.class, EngineRestUserEmailErrors.class, EngineRestTaskFormChecks.class,
            EngineRestIdentityVariables.class, EngineRestQueryParameters.class);

    /** Both copies of the engine REST and the webapps' other APIs: the engine's failed command logs by the answer. */
    @Bean
    FilterRegistrationBean<EngineRestFailureLogs> engineRestFailureLogs() {
        FilterRegistrationBean<EngineRestFailureLogs> registration =
                new FilterRegistrationBean<>(new EngineRestFailureLogs());
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        registration.setName("engine-rest-failure-logs");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** The webapps' own APIs' paging parameters (only with a webapp login: without one the webapps' 401 comes). */
    @Bean
    FilterRegistrationBean<WebappApiPaging> webappApiPaging() {
        FilterRegistrationBean<WebappApiPaging> registration = new FilterRegistrationBean<>(new WebappApiPaging());
        registration.addUrlPatterns("/camunda/api/*");
        registration.setName("webapp-api-paging");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    /** Spring Boot's Jersey set-up applies this to the engine REST's resource config. */
    @Bean
    ResourceConfigCustomizer engineRestProviders() {
        return config -> PROVIDERS.forEach(config::register);
    }

    /**
     * The webapps' engine REST, as Camunda's {@code CamundaBpmWebappInitializer} would register it (Jersey's servlet
     * under the name {@value #WEBAPP_ENGINE_SERVLET} at the webapps' {@code /api/engine/*}), with
     * {@link WebappEngineRestApplication}, Camunda's application and {@link #PROVIDERS}, in place of Camunda's
     * {@code EngineRestApplication}. Camunda's initializer keeps a servlet already registered under that name (it adds
     * its own only where the context has none, as a {@code web.xml} that declares it would), so this one runs first:
     * the highest precedence puts it before that initializer, which declares no order (the lowest). A Spring Boot
     * {@link ResourceConfigCustomizer} reaches only Spring Boot's own Jersey servlet ({@code /engine-rest}), and
     * Camunda's registration takes no init parameters from the application. The webapps' filters
     * (authentication, CSRF, {@code EngineRestCallerGuard}) map to the path and see no difference. Registered only when
     * Camunda's webapps are, on the same condition, so the path never answers without their login.
     */
    @Bean
    @ConditionalOnProperty(prefix = "camunda.bpm.webapp", name = "enabled", matchIfMissing = true)
    ServletRegistrationBean<ServletContainer> webappEngineRest(CamundaBpmProperties camunda) {
        ServletRegistrationBean<ServletContainer> registration = new ServletRegistrationBean<>(new ServletContainer(),
                camunda.getWebapp().getApplicationPath() + "/api/engine/*");
        registration.setName(WEBAPP_ENGINE_SERVLET);
        registration.setInitParameters(
                Map.of(ServletProperties.JAXRS_APPLICATION_CLASS, WebappEngineRestApplication.class.getName()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Cockpit's plugin API at the webapps' {@code /api/cockpit/*}, as {@link #webappEngineRest} registers the webapps'
     * engine REST: under Camunda's name {@value #WEBAPP_COCKPIT_SERVLET}, with {@link WebappCockpitApplication} in
     * place of Camunda's {@code CockpitApplication}, so a body it cannot read is answered as the engine REST answers it.
     */
    @Bean
    @ConditionalOnProperty(prefix = "camunda.bpm.webapp", name = "enabled", matchIfMissing = true)
    ServletRegistrationBean<ServletContainer> webappCockpitApi(CamundaBpmProperties camunda) {
        ServletRegistrationBean<ServletContainer> registration = new ServletRegistrationBean<>(new ServletContainer(),
                camunda.getWebapp().getApplicationPath() + "/api/cockpit/*");
        registration.setName(WEBAPP_COCKPIT_SERVLET);
        registration.setInitParameters(
                Map.of(ServletProperties.JAXRS_APPLICATION_CLASS, WebappCockpitApplication.class.getName()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
