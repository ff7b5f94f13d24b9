package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * A VMmanager 6 module whose VMs serve live services cannot become another module type: the VMs stay in that
 * VMmanager. Changed to manual in the demo, the deletion of an ACTIVE service became a "close by hand" department
 * task while its VM ran on, and its suspensions and changes would have gone the same way.
 */
@IntegrationTest
class ModuleTypeChangeTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @LocalServerPort
    int port;

    @Test
    void aModuleWithLiveServicesKeepsItsTypeOneWithoutMayChangeIt() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = vps.activeVps(vps.client("typed", 1)).get("id").asLong();

        ResponseEntity<String> changed = put(vps, vps.moduleId, vps.moduleForm("manual"));

        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(409);
        assertThat(changed.getBody()).contains("module type").contains(String.valueOf(serviceId));
        JsonNode module = vps.admin().getForObject("/api/v1/processing-modules/" + vps.moduleId, JsonNode.class);
        assertThat(module.get("moduleType").asText()).isEqualTo("vmmanager6");

        long unused = vps.created("/processing-modules", vps.moduleForm("vmmanager6"));
        ResponseEntity<String> unusedChanged = put(vps, unused, vps.moduleForm("manual"));
        assertThat(unusedChanged.getStatusCode().value()).as(unusedChanged.getBody()).isEqualTo(200);
        assertThat(unusedChanged.getBody()).contains("\"moduleType\":\"manual\"");
    }

    private static ResponseEntity<String> put(SimulatedVps vps, long moduleId, Map<String, Object> form) {
        return vps.admin().exchange("/api/v1/processing-modules/" + moduleId, HttpMethod.PUT, new HttpEntity<>(form),
                String.class);
    }
}
