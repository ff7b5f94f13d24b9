package com.hostflow.lifecycle.moduleoperation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.hostflow.lifecycle.ExternalTaskHandler;

/** The two topics of module calls: a fresh attempt, and a look at a pending one. */
@Configuration(proxyBeanMethods = false)
class ModuleCallHandlers {

    @Bean
    ExternalTaskHandler moduleCallHandler(ModuleOperations operations, ModuleOperationSettings settings) {
        return new ModuleCallHandler(operations, false, settings.lookAtOnce());
    }

    @Bean
    ExternalTaskHandler modulePollHandler(ModuleOperations operations) {
        return new ModuleCallHandler(operations, true, false);
    }
}
