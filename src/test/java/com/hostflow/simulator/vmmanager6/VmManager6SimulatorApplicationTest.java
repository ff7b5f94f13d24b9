package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** The simulator alone on its own port, without HostFlow's database, engine or security. */
class VmManager6SimulatorApplicationTest {

    @Test
    void runsOnItsOwnPort() {
        try (ConfigurableApplicationContext simulator = VmManager6SimulatorApplication.start("--server.port=0")) {
            String port = simulator.getEnvironment().getProperty("local.server.port");
            RestTemplate http = new RestTemplate(new JdkClientHttpRequestFactory());

            ResponseEntity<Map> login = http.postForEntity(
                    "http://localhost:" + port + "/simulator/vmmanager6/auth/v4/public/token",
                    Map.of("email", "admin@example.com", "password", "secret"), Map.class);

            assertThat(login.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(login.getBody()).containsKey("token");
            assertThat(simulator.getBeanNamesForType(javax.sql.DataSource.class)).isEmpty();
            // in memory: it took the unresolved placeholder of its state file's setting for a file name, and its
            // state outlived the process into the next run (a crash test found another run's VMs in it)
            assertThat(simulator.getBean(VmManager6Simulator.class).stateFilePath()).isEmpty();
        }
    }

    @Test
    void keepsItsStateInTheFileItIsGiven(@TempDir Path directory) {
        String stateFile = "--hostflow.simulator.state-file=" + directory.resolve("vmmanager6.json");
        long host;
        try (ConfigurableApplicationContext simulator = VmManager6SimulatorApplication.start("--server.port=0",
                stateFile)) {
            host = simulator.getBean(VmManager6Simulator.class).createHostBehindHostFlowsBack("hostflow-5", "5-open-1");
        }
        try (ConfigurableApplicationContext simulator = VmManager6SimulatorApplication.start("--server.port=0",
                stateFile)) {
            assertThat(simulator.getBean(VmManager6Simulator.class).host(host)).containsEntry("name", "hostflow-5");
        }
    }
}
