package com.hostflow.modules.vmmanager6;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.hostflow.modules.vmmanager6.VmManager6Fixtures.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTechnicalException;

/** What the simulator cannot do: slow answers, garbled bodies, bare 503s, and the exact requests on the wire. */
class VmManager6AdapterWireMockTest {

    private static final String LOGIN = "/auth/v4/public/token";
    private static final String HOST = "/vm/v3/host/17";

    WireMockServer vmmanager;
    VmManager6Adapter adapter;
    ProcessingModuleConfig module;

    @BeforeEach
    void start() {
        vmmanager = new WireMockServer(options().dynamicPort());
        vmmanager.start();
        adapter = new VmManager6Adapter(new VmManager6Client(
                // generous for a loaded CI machine; the slow answer below is far slower still
                new VmManager6Properties(Duration.ofMillis(5_000), Duration.ofMillis(5_000))));
        module = module(1, vmmanager.baseUrl(), "secret");
        vmmanager.stubFor(post(LOGIN).willReturn(json(201, "{\"id\":\"1\",\"token\":\"t-1\",\"confirmed\":true}")));
    }

    @AfterEach
    void stop() {
        vmmanager.stop();
    }

    @Test
    void aSlowAnswerIsATechnicalTimeout() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active")).withFixedDelay(12_000)));

        assertThatThrownBy(() -> adapter.execute(module, sync()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> assertThat(e.code()).isEqualTo("TIMEOUT"));
    }

    @Test
    void aMalformedBodyIsATechnicalFailure() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, "{\"id\":17,\"state\":")));

        assertThatThrownBy(() -> adapter.execute(module, sync()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("MALFORMED_ANSWER"));
    }

    @Test
    void aListWithoutItsListIsATechnicalFailure() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active"))));
        vmmanager.stubFor(get(HOST + "/ipv4").willReturn(json(200, "{\"items\":[]}")));

        assertThatThrownBy(() -> adapter.execute(module, sync()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("MALFORMED_ANSWER"));
    }

    @Test
    void a503IsATechnicalFailureThatKeepsVmManagersMessage() {
        vmmanager.stubFor(get(HOST).willReturn(json(503, "{\"error\":{\"code\":503,\"msg\":\"Platform is asleep\"}}")));

        assertThatThrownBy(() -> adapter.execute(module, sync()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> {
                    assertThat(e.code()).isEqualTo("UNAVAILABLE");
                    assertThat(e.getMessage()).contains("Platform is asleep");
                });
    }

    @Test
    void logsInAgainOnErrorCode1000() {
        vmmanager.stubFor(get(HOST).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(400, "{\"error\":{\"code\":1000,\"msg\":\"Token expired\"}}"))
                .willSetStateTo("renewed"));
        vmmanager.stubFor(get(HOST).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(json(200, host("active"))));
        vmmanager.stubFor(get(HOST + "/ipv4").willReturn(json(200, "{\"list\":[{\"id\":1,\"ip_addr\":\"192.0.2.7\"}]}")));

        ModuleOutcome outcome = adapter.execute(module, sync());

        assertThat(outcome).isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                completed -> assertThat(completed.data().ipAddresses()).containsExactly("192.0.2.7"));
        vmmanager.verify(2, postRequestedFor(urlEqualTo(LOGIN)));
        vmmanager.verify(getRequestedFor(urlEqualTo(HOST)).withHeader("x-xsrf-token", equalTo("t-1")));
    }

    @Test
    void pollsTheTaskWithAnUnencodedWhereFilter() {
        vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/task")).willReturn(json(200,
                "{\"last_notify\":1,\"list\":[{\"id\":5,\"consul_id\":5,\"name\":\"host_stop\",\"status\":\"running\"}]}")));

        ModuleOutcome outcome = adapter.poll(module, request(ModuleOperation.SUSPEND), "17:5@host_stop");

        assertThat(outcome).isEqualTo(new ModuleOutcome.Pending("17:5@host_stop"));
        vmmanager.verify(getRequestedFor(
                urlEqualTo("/vm/v3/task?where=((consul_id+EQ+'5')+AND+(name+EQ+'host_stop'))")));
    }

    @Test
    void aBusinessErrorOfVmManagerIsARejectionWithItsMessage() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active"))));
        vmmanager.stubFor(post("/vm/v3/host/17/stop").willReturn(
                json(400, "{\"error\":{\"code\":4012,\"msg\":\"Host is being migrated\"}}")));

        ModuleOutcome outcome = adapter.execute(module, request(ModuleOperation.SUSPEND));

        assertThat(outcome).isInstanceOfSatisfying(ModuleOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo("Err_VmManager");
            assertThat(rejected.message()).contains("4012", "Host is being migrated");
        });
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String host(String state) {
        return "{\"id\":17,\"name\":\"hostflow-1\",\"state\":\"" + state + "\",\"cpu_number\":1,\"ram_mib\":1024,"
                + "\"disk\":{\"id\":18,\"disk_mib\":10240},\"account\":{\"id\":3,\"email\":\"c@example.com\"},"
                + "\"unknown_field\":{\"nested\":true}}";
    }

    private static ModuleRequest sync() {
        return request(ModuleOperation.SYNC);
    }

    private static ModuleRequest request(ModuleOperation operation) {
        return VmManager6Fixtures.request(operation, 1, "key-1", "c@example.com", "17", Map.of(), Map.of(), null);
    }
}
