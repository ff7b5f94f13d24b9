package com.hostflow.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class ServiceApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    OperationJournal journal;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    Clock clock;

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private ServiceInstance newService(long clientId) {
        return services.save(new ServiceInstance(clientId, 7, 3, "vds", Period.MONTH, false,
                Map.of("ram", 4096L), Map.of("os", "ubuntu-24.04"), "vps.example.net", clock.instant()));
    }

    @Test
    void showsAServiceById() {
        ServiceInstance service = newService(System.nanoTime());

        ResponseEntity<JsonNode> response = admin().getForEntity("/api/v1/services/" + service.getId(),
                JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.get("id").asLong()).isEqualTo(service.getId());
        assertThat(body.get("status").asText()).isEqualTo("ORDERED");
        assertThat(body.get("statusReasons")).isEmpty();
        assertThat(body.get("period").asText()).isEqualTo("MONTH");
        assertThat(body.get("addons").get("ram").asLong()).isEqualTo(4096);
        assertThat(body.get("params").get("os").asText()).isEqualTo("ubuntu-24.04");
        assertThat(body.get("domain").asText()).isEqualTo("vps.example.net");
    }

    @Test
    void unknownServiceIsNotFound() {
        ResponseEntity<JsonNode> response = admin().getForEntity("/api/v1/services/987654321", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void listsServicesOfAClientPaged() {
        long clientId = System.nanoTime();
        newService(clientId);
        newService(clientId);
        newService(clientId);
        newService(clientId + 1);

        JsonNode page = admin().getForObject("/api/v1/services?clientId=" + clientId + "&status=ORDERED&size=2",
                JsonNode.class);

        assertThat(page.get("totalElements").asLong()).isEqualTo(3);
        assertThat(page.get("totalPages").asInt()).isEqualTo(2);
        assertThat(page.get("content")).hasSize(2);
        page.get("content").forEach(item -> assertThat(item.get("clientId").asLong()).isEqualTo(clientId));

        JsonNode active = admin().getForObject("/api/v1/services?clientId=" + clientId + "&status=ACTIVE",
                JsonNode.class);
        assertThat(active.get("totalElements").asLong()).isZero();
    }

    /** By tariff too, as the console searches: the parameter used to be ignored and every service listed. */
    @Test
    void listsServicesOfATariff() {
        long clientId = System.nanoTime();
        ServiceInstance other = services.save(new ServiceInstance(clientId, 8, 3, "vds", Period.MONTH, false,
                Map.of("ram", 4096L), Map.of("os", "ubuntu-24.04"), null, clock.instant()));
        ServiceInstance mine = newService(clientId);

        JsonNode ofTariff = admin().getForObject("/api/v1/services?clientId=" + clientId + "&tariffId=7",
                JsonNode.class);

        assertThat(ofTariff.get("content")).extracting(s -> s.get("id").asLong()).containsExactly(mine.getId())
                .doesNotContain(other.getId());
        assertThat(admin().getForEntity("/api/v1/services?tariffId=seven", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void rejectsAnUnknownStatusFilter() {
        ResponseEntity<JsonNode> response = admin().getForEntity("/api/v1/services?status=SLEEPING", JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").get(0).get("field").asText()).isEqualTo("status");
    }

    @Test
    void showsTheJournalNewestFirst() {
        ServiceInstance service = newService(System.nanoTime());
        String key = service.getId() + "-open-1";
        long first = journal.startAttempt(service.getId(), "open", key).id();
        journal.finishAttempt(first, OperationOutcome.TECHNICAL_FAILURE, "UNAVAILABLE: connection refused");
        long second = journal.startAttempt(service.getId(), "open", key).id();
        journal.finishAttempt(second, OperationOutcome.COMPLETED, null);

        JsonNode page = admin().getForObject("/api/v1/services/" + service.getId() + "/journal", JsonNode.class);

        JsonNode items = page.get("content");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(items.get(0).get("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(items.get(1).get("attempt").asInt()).isEqualTo(1);
        assertThat(items.get(1).get("outcome").asText()).isEqualTo("TECHNICAL_FAILURE");
        assertThat(items.get(1).get("message").asText()).contains("UNAVAILABLE");
        assertThat(items.get(1).get("operationKey").asText()).isEqualTo(key);
    }

    @Test
    void listsEveryProcessInstanceOfTheServiceWithACockpitLink() {
        ServiceInstance service = newService(System.nanoTime());
        String businessKey = service.getId().toString();
        repository.createDeployment().name("probe").addModelInstance("ServiceApiTestProbe.bpmn",
                Bpmn.createExecutableProcess("ServiceApiTestProbe").camundaHistoryTimeToLive(1)
                        .startEvent().userTask().camundaCandidateGroups("support").endEvent().done())
                .deploy();
        String finished = runtime.startProcessInstanceByKey("ServiceApiTestProbe", businessKey).getId();
        tasks.complete(tasks.createTaskQuery().processInstanceId(finished).singleResult().getId());
        String running = runtime.startProcessInstanceByKey("ServiceApiTestProbe", businessKey).getId();
        runtime.startProcessInstanceByKey("ServiceApiTestProbe", "other-" + businessKey);

        JsonNode processes = admin().getForObject("/api/v1/services/" + service.getId() + "/processes",
                JsonNode.class);

        assertThat(processes).hasSize(2);
        List<String> ids = List.of(processes.get(0).get("id").asText(), processes.get(1).get("id").asText());
        assertThat(ids).containsExactlyInAnyOrder(finished, running);
        processes.forEach(p -> {
            assertThat(p.get("processKey").asText()).isEqualTo("ServiceApiTestProbe");
            assertThat(p.get("startTime").asText()).isNotBlank();
        });
        JsonNode ended = processes.get(0).get("id").asText().equals(finished) ? processes.get(0) : processes.get(1);
        JsonNode live = ended == processes.get(0) ? processes.get(1) : processes.get(0);
        assertThat(ended.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(ended.get("endTime").asText()).isNotBlank();
        assertThat(live.get("cockpitUrl").asText()).isEqualTo("/camunda/app/cockpit/default/#/process-instance/" + running);
        // community Cockpit has no page for an ended instance: its process-instance link opened the definition's
        // runtime view with other services' instances; the Services page shows the ended one with its history
        assertThat(ended.get("cockpitUrl").asText())
                .isEqualTo("/camunda/app/cockpit/default/#/services?id=" + service.getId());
    }

    @Test
    void requiresLogin() {
        assertThat(http.getForEntity("/api/v1/services", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
