package com.hostflow.simulator.vmmanager6;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/** Puts the {@link SimulatorGate} in front of the simulator's paths and keeps them out of HostFlow's HTTP metrics. */
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

    /**
     * The simulator stands in for a VMmanager on another machine: its requests are not HostFlow's to time (and timing
     * them cost ~1% of the CPU of an order in the benchmarks).
     */
    @Bean
    ObservationPredicate simulatorRequestsUnobserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier().getRequestURI()
                        .startsWith(server.getCarrier().getContextPath() + SimulatorApiController.BASE_PATH));
    }
}
