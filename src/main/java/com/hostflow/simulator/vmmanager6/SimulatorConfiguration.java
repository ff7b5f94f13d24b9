package com.hostflow.simulator.vmmanager6;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the {@link SimulatorGate} in front of the simulator's paths. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hostflow.simulator.enabled", havingValue = "true")
class SimulatorConfiguration {

    @Bean
    FilterRegistrationBean<SimulatorGate> vmManager6SimulatorGate(VmManager6Simulator simulator) {
        FilterRegistrationBean<SimulatorGate> registration = new FilterRegistrationBean<>(new SimulatorGate(simulator));
        registration.addUrlPatterns(SimulatorApiController.BASE_PATH + "/*");
        registration.setName("vmmanager6-simulator-gate");
        return registration;
    }
}
