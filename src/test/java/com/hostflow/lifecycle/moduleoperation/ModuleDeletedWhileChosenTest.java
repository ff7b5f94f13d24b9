package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.modules.ModuleSelector;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * An order's module selection checks the chosen module's connection over the network, outside any transaction; an
 * admin who took the module off the tariff and deleted it meanwhile found no live service on it (none had it yet),
 * and the selection then put the deleted module on the service: its open, and every later operation, went to a
 * module that no longer existed. The selection now holds the module while it puts it on the service, and a module
 * gone meanwhile is a failed selection that is tried again.
 */
@IntegrationTest
class ModuleDeletedWhileChosenTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ModuleOperations operations;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @Test
    void aModuleDeletedWhileItWasChosenIsNotPutOnTheService() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        // no money: the order waits for a payment, and its own selection has not begun
        long serviceId = vps.order(vps.client("chosen", 0));
        ModuleOperations.SelectionCall call = operations.prepareSelection(serviceId, serviceId + "-open-test");
        ModuleSelector.Selection selection = operations.select(call);
        assertThat(selection.module()).isPresent();
        assertThat(selection.module().get().id()).isEqualTo(vps.moduleId);

        Map<String, Object> withoutModules = new LinkedHashMap<>(vps.tariffForm(Map.of("MONTH", "10.00"),
                Map.of("resource", "ram", "included", 1024)));
        withoutModules.put("processingModuleIds", List.of());
        ResponseEntity<String> tariff = vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.PUT,
                new HttpEntity<>(withoutModules), String.class);
        assertThat(tariff.getStatusCode().value()).as(tariff.getBody()).isEqualTo(200);
        ResponseEntity<String> deleted = vps.admin().exchange("/api/v1/processing-modules/" + vps.moduleId,
                HttpMethod.DELETE, null, String.class);
        assertThat(deleted.getStatusCode().value()).as(deleted.getBody()).isEqualTo(204);

        ModuleCallResult result = operations.finishSelection(call, selection);

        assertThat(result.kind()).isEqualTo(ModuleCallResult.Kind.TECHNICAL_FAILURE);
        assertThat(jdbc.queryForObject("select processing_module_id from hostflow.service where id = ?", Long.class,
                serviceId)).isNull();
    }
}
