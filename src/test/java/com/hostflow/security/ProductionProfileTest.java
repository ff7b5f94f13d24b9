package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import com.hostflow.support.EmbeddedPostgresConfiguration;

/** The production profile has no movable clock, no simulator, no demo mail catcher and no demo users. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "HOSTFLOW_ADMIN_USER=root", "HOSTFLOW_ADMIN_PASSWORD=production-secret",
        "HOSTFLOW_SECRET_KEY=cHJvZHVjdGlvbi1rZXktb2YtMzItYnl0ZXMtbG9uZyE=",
        // engine REST finds engines by name in a JVM-wide registry: keep "default" for the integration-test context
        "camunda.bpm.process-engine-name=production"})
@ActiveProfiles("postgres")
@Import(EmbeddedPostgresConfiguration.class)
class ProductionProfileTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void hasNoDemoClockNoSimulatorAndNoDemoUser() {
        TestRestTemplate admin = http.withBasicAuth("root", "production-secret");

        assertThat(admin.getForEntity("/api/v1/users", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin.getForEntity("/api/v1/dev/clock", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin.getForEntity("/api/v1/dev/mails", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                java.util.Map.of("email", "admin@example.com", "password", "secret"), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/api/v1/users", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
