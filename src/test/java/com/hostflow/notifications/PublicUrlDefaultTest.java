package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Links in mails and department tasks start with {@code hostflow.notifications.public-url}. Without
 * {@code HOSTFLOW_PUBLIC_URL} it was always {@code http://localhost:8080}, so a demo started on another port
 * ({@code --server.port=8095}) linked its tasks and mails to a port nothing listened on (found acting as a new user on
 * the demo). The default now follows {@code server.port}; 8080 when none is set.
 */
class PublicUrlDefaultTest {

    @Test
    void theDefaultFollowsTheServersPort() throws Exception {
        assertThat(publicUrl(Map.of("server.port", "8095"))).isEqualTo("http://localhost:8095");
        assertThat(publicUrl(Map.of())).isEqualTo("http://localhost:8080");
        assertThat(publicUrl(Map.of("server.port", "8095", "HOSTFLOW_PUBLIC_URL", "https://panel.example.net")))
                .isEqualTo("https://panel.example.net");
    }

    /** The setting as application.yml gives it, with these properties and no environment variables of the machine. */
    private static String publicUrl(Map<String, Object> properties) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("given", properties));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment.getProperty("hostflow.notifications.public-url");
    }
}
