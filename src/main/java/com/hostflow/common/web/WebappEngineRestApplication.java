package com.hostflow.common.web;

import java.util.HashSet;
import java.util.Set;

import org.camunda.bpm.webapp.impl.engine.EngineRestApplication;

/**
 * The webapps' engine REST ({@code /camunda/api/engine}, what Cockpit and Tasklist call): Camunda's application with
 * HostFlow's providers, so its answers are those of {@code /engine-rest} (see {@code EngineRestConfiguration}).
 * Jersey creates it by its name.
 */
public class WebappEngineRestApplication extends EngineRestApplication {

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(super.getClasses());
        classes.addAll(EngineRestConfiguration.PROVIDERS);
        return classes;
    }
}
