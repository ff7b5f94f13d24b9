package com.hostflow.lifecycle;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.hostflow.lifecycle.moduleoperation.ModuleOperationSettings;

@Configuration(proxyBeanMethods = false)
class WorkflowConfiguration {

    static final String MODULE_OPERATION_PREFIX = "hostflow.workflow.module-operation";

    /** Named so that BPMN expressions reach it as {@code ${moduleOperationSettings.pollInterval}}. */
    @Bean("moduleOperationSettings")
    ModuleOperationSettings moduleOperationSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate(MODULE_OPERATION_PREFIX, ModuleOperationSettings.class);
    }
}
