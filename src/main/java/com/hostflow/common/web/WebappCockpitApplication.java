package com.hostflow.common.web;

import java.util.HashSet;
import java.util.Set;

import org.camunda.bpm.cockpit.impl.web.CockpitApplication;

/**
 * Cockpit's plugin API ({@code /camunda/api/cockpit}): Camunda's application with the providers that answer a body it
 * cannot read as the engine REST does (400 in its error shape naming the field, no Java type: it was Jackson's
 * plain-text 400 naming {@code java.util.ArrayList}) and refuse a variable filter with an object value
 * ({@link CockpitQueryBodyChecks}; a 500 before), or text PostgreSQL cannot hold, a NUL in a filter's value (its
 * {@link EngineRestBodyChecks} part; a 500 from the database before). Registered in place of Camunda's by
 * {@code EngineRestConfiguration}; Jersey creates it by its name.
 */
public class WebappCockpitApplication extends CockpitApplication {

    /** What HostFlow adds to Cockpit's plugin API. */
    static final Set<Class<?>> PROVIDERS = Set.of(EngineRestJsonErrors.Syntax.class, EngineRestJsonErrors.Shape.class,
            CockpitQueryBodyChecks.class);

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(super.getClasses());
        classes.addAll(PROVIDERS);
        return classes;
    }
}
