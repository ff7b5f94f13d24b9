package com.hostflow.simulator.vmmanager6;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * Runs only the VMmanager 6 simulator, on its own port ({@code SIMULATOR_PORT}, default 8090), without HostFlow's
 * database, engine or security: e.g. as a separate docker compose service. Not a {@code @Configuration}, so
 * HostFlow's own component scan never picks it up.
 */
@ComponentScan(basePackageClasses = VmManager6SimulatorApplication.class)
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
public class VmManager6SimulatorApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the simulator; command-line arguments such as {@code --server.port=0} override the defaults. */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(VmManager6SimulatorApplication.class)
                .properties("spring.config.name=vmmanager6-simulator", "hostflow.simulator.enabled=true",
                        "server.port=${SIMULATOR_PORT:8090}")
                .run(args);
    }
}
