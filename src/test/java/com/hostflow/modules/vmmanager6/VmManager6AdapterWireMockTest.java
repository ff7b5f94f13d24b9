package com.hostflow.modules.vmmanager6;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.hostflow.modules.vmmanager6.VmManager6Fixtures.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import com.hostflow.modules.ProcessingModuleAdapter;

/**
 * What the simulator cannot do: slow answers, garbled bodies, bare 503s, the exact requests on the wire, and how often
 * an open asks for the OS images, clusters and presets.
 */
class VmManager6AdapterWireMockTest {

    private static final String LOGIN = "/auth/v4/public/token";
    private static final String HOST = "/vm/v3/host/17";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String[] LOOKUPS = {"/vm/v3/os", "/vm/v3/cluster", "/vm/v3/preset"};

    WireMockServer vmmanager;
    VmManager6Adapter adapter;
    ProcessingModuleConfig module;
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeEach
    void start() {
        vmmanager = new WireMockServer(options().dynamicPort());
        vmmanager.start();
        adapter = adapter(TTL);
        module = module(1, vmmanager.baseUrl(), "secret");
        vmmanager.stubFor(post(LOGIN).willReturn(json(201, "{\"id\":\"1\",\"token\":\"t-1\",\"confirmed\":true}")));
    }

    private VmManager6Adapter adapter(Duration lookupTtl) {
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenAnswer(invocation -> now);
        // generous timeouts for a loaded CI machine; the slow answer below is far slower still
        VmManager6Properties properties = new VmManager6Properties(Duration.ofMillis(5_000), Duration.ofMillis(5_000),
                lookupTtl);
        return new VmManager6Adapter(new VmManager6Client(properties), properties, clock);
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

    /**
     * A panel that takes no connection (powered off behind a firewall that drops packets) did not answer at all: the
     * request never reached it, so it is UNREACHABLE, which the failure policy retries as soon as the panel answers its
     * connection check again, not TIMEOUT (a request that may have been carried out). A listening socket whose
     * backlog is full and that never accepts makes the connection time out.
     */
    @Test
    void aPanelThatTakesNoConnectionIsUnreachableNotSlow() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> backlog = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket queued = new Socket();
                    queued.connect(silent.getLocalSocketAddress(), 200);
                    backlog.add(queued);
                }
            } catch (IOException full) {
                // the accept queue is full: later connections time out
            }
            VmManager6Properties properties = new VmManager6Properties(Duration.ofMillis(300), Duration.ofMillis(5_000),
                    TTL);
            VmManager6Adapter quick = new VmManager6Adapter(new VmManager6Client(properties), properties,
                    Clock.systemUTC());
            ProcessingModuleConfig panel = module(2, "http://127.0.0.1:" + silent.getLocalPort(), "secret");

            assertThatThrownBy(() -> quick.execute(panel, sync()))
                    .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> assertThat(e.code())
                            .as(e.getMessage()).isEqualTo("UNREACHABLE"));
            for (Socket queued : backlog) {
                queued.close();
            }
        }
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
    void osImagesItCannotReadOrMayNotListAreATechnicalFailure() {
        vmmanager.stubFor(get("/vm/v3/os").willReturn(json(200, "<html>maintenance</html>")));
        assertThatThrownBy(() -> adapter.parameterValues(module, "os"))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("MALFORMED_ANSWER"));

        vmmanager.stubFor(get("/vm/v3/os")
                .willReturn(json(403, "{\"error\":{\"code\":1001,\"msg\":\"Access denied\"}}")));
        assertThatThrownBy(() -> adapter.parameterValues(module, "os"))
                .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> {
                    assertThat(e.code()).isEqualTo("REMOTE_ERROR");
                    assertThat(e.getMessage()).contains("Access denied");
                });

        vmmanager.stubFor(get("/vm/v3/os").willReturn(json(200,
                "{\"list\":[{\"id\":1,\"name\":\"Ubuntu 24.04\"},null,{\"id\":3}]}")));
        assertThat(adapter.parameterValues(module, "os")).as("a null item and a nameless image left out")
                .containsExactly("Ubuntu 24.04");
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
    void aHostWhoseViewListsItsAddressesIsNotAskedForThem() {
        vmmanager.stubFor(get(HOST).willReturn(json(200,
                host("active").replace("\"unknown_field\"", "\"ip4\":[{\"ip\":\"203.0.113.7\"}],\"unknown_field\""))));

        ModuleOutcome outcome = adapter.execute(module, sync());

        assertThat(outcome).isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                completed -> assertThat(completed.data().ipAddresses()).containsExactly("203.0.113.7"));
        vmmanager.verify(0, getRequestedFor(urlEqualTo(HOST + "/ipv4")));
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

    @Test
    void aRedirectARequestTimeoutOrTooManyRequestsOnTheWayIsATechnicalFailureNotARefusal() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active"))));
        Map<Integer, String> codes = Map.of(429, "RATE_LIMITED", 408, "TIMEOUT", 301, "REMOTE_ERROR");
        codes.forEach((status, code) -> {
            vmmanager.stubFor(post("/vm/v3/host/17/stop").willReturn(aResponse().withStatus(status)
                    .withHeader("Location", "https://vm.example.com/vm/v3/host/17/stop")));

            assertThatThrownBy(() -> adapter.execute(module, request(ModuleOperation.SUSPEND))).as("HTTP " + status)
                    .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> {
                        assertThat(e.code()).isEqualTo(code);
                        assertThat(e.getMessage()).contains("HTTP " + status);
                    });
        });
        vmmanager.stubFor(post("/vm/v3/host/17/stop").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "https://vm.example.com/vm/v3/host/17/stop").withBody("<html>moved</html>")));
        assertThatThrownBy(() -> adapter.execute(module, request(ModuleOperation.SUSPEND)))
                .hasMessageContaining("a redirect to https://vm.example.com/vm/v3/host/17/stop");

        // an open refused that way is tried again later, not rejected (which would refund the order)
        openable();
        vmmanager.stubFor(post("/vm/v3/host").willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> adapter.execute(module, open()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("RATE_LIMITED"));
    }

    @Test
    void answersLackingWhatTheyMustCarryAreMalformedOrSkippedNeverACrash() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, "{\"state\":\"active\"}")));
        assertThatThrownBy(() -> adapter.execute(module, sync()))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("MALFORMED_ANSWER"));

        vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/task")).willReturn(json(200, "{\"list\":[null]}")));
        assertThat(adapter.poll(module, request(ModuleOperation.SUSPEND), "17:5@host_stop"))
                .isEqualTo(new ModuleOutcome.Pending("17:5@host_stop"));

        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active").replace("\"unknown_field\"",
                "\"ip4\":[null,{},{\"ip\":\"\"},{\"ip\":\"203.0.113.7\"}],\"unknown_field\""))));
        assertThat(adapter.execute(module, sync())).isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                completed -> assertThat(completed.data().ipAddresses()).containsExactly("203.0.113.7"));

        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active"))));
        vmmanager.stubFor(get(HOST + "/ipv4").willReturn(json(200,
                "{\"list\":[null,{\"id\":1},{\"id\":2,\"ip_addr\":\"192.0.2.7\"}]}")));
        assertThat(adapter.execute(module, sync())).isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                completed -> assertThat(completed.data().ipAddresses()).containsExactly("192.0.2.7"));
    }

    @Test
    void aPartOfAChangeRefusedAfterOthersStartedIsAHalfDoneChangeForAPersonNotARefusal() {
        vmmanager.stubFor(get(HOST).willReturn(json(200, host("active"))));
        vmmanager.stubFor(get(HOST + "/ipv4").willReturn(json(200, "{\"list\":[{\"id\":1,\"ip_addr\":\"192.0.2.7\"}]}")));
        vmmanager.stubFor(post(HOST + "/ip").willReturn(json(200, "{\"id\":17,\"task\":41}")));
        vmmanager.stubFor(post(HOST + "/resource").willReturn(json(200, "{\"id\":17,\"task\":42}")));
        vmmanager.stubFor(post("/vm/v3/disk/18").willReturn(
                json(400, "{\"error\":{\"code\":2030,\"msg\":\"Not enough space in storage\"}}")));

        assertThatThrownBy(() -> adapter.execute(module, VmManager6Fixtures.request(ModuleOperation.SET_PARAM, 1,
                "key-1", "c@example.com", "17", Map.of("cpu", 2L, "disk", 20480L, "ipv4", 2L), Map.of(), null)))
                .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> {
                    assertThat(e.code()).isEqualTo("PARTLY_APPLIED");
                    assertThat(e.getMessage()).contains("ip_change, host_change_params", "Not enough space");
                });
    }

    @Test
    void anAnswerEchoingAPasswordSentCarriesItNoFurther() {
        vmmanager.stubFor(post(LOGIN).willReturn(aResponse().withStatus(400)
                .withBody("Bad request: {\"email\":\"admin@example.com\",\"password\":\"secret\"}")));
        ProcessingModuleAdapter.ConnectionCheck check = adapter.checkConnection(module);
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).contains("Bad request", "[hidden]").doesNotContain("secret");

        vmmanager.stubFor(post(LOGIN).willReturn(json(201, "{\"id\":\"1\",\"token\":\"t-1\",\"confirmed\":true}")));
        openable();
        ModuleRequest open = open();
        vmmanager.stubFor(post("/vm/v3/host").willReturn(json(400, "{\"error\":{\"code\":2000,\"msg\":"
                + "\"Weak password '" + open.rootPassword() + "'\"}}")));
        assertThat(adapter.execute(module, open)).isInstanceOfSatisfying(ModuleOutcome.Rejected.class,
                rejected -> assertThat(rejected.message()).contains("Weak password")
                        .doesNotContain(open.rootPassword()));
    }

    // --- the ids of OS images, clusters and presets, kept per module -------------------------------------------------

    @Test
    void twoOpensOfOneModuleReadTheOsClusterAndPresetOnce() {
        openable();

        assertThat(adapter.execute(module, open())).isInstanceOf(ModuleOutcome.Pending.class);
        assertThat(adapter.execute(module, open())).isInstanceOf(ModuleOutcome.Pending.class);

        assertLookupsRead(1);
        vmmanager.verify(2, postRequestedFor(urlEqualTo("/vm/v3/host"))
                .withRequestBody(matchingJsonPath("$.os", equalTo("5")))
                .withRequestBody(matchingJsonPath("$.cluster", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.preset", equalTo("7"))));
    }

    @Test
    void theIdsAreReadAgainOnceTheirTimeHasPassedOrTheClockWentBack() {
        openable();
        adapter.execute(module, open());

        now = now.plus(TTL).minusSeconds(1);
        adapter.execute(module, open());
        assertLookupsRead(1);

        now = now.plusSeconds(1);
        adapter.execute(module, open());
        assertLookupsRead(2);

        now = now.minusSeconds(60);
        adapter.execute(module, open());
        assertLookupsRead(3);
    }

    @Test
    void aFailedHostCreationMakesTheNextOpenReadAfresh() {
        assertTheNextOpenReadsAfresh(() -> {
            vmmanager.stubFor(post("/vm/v3/host").willReturn(
                    json(500, "{\"error\":{\"code\":5000,\"msg\":\"Internal error\"}}")));
            assertThatThrownBy(() -> adapter.execute(module, open())).isInstanceOf(ModuleTechnicalException.class);
            // the failed open used the kept ids
            assertLookupsRead(1);
        });
    }

    @Test
    void aRefusalOfKeptIdsIsTriedOnceMoreWithIdsReadNow() {
        openable();
        adapter.execute(module, open());
        // someone deleted preset 7 and made it anew as 8
        vmmanager.stubFor(get("/vm/v3/preset").willReturn(json(200, "{\"list\":[{\"id\":8,\"name\":\"vps-2\"}]}")));
        vmmanager.stubFor(post("/vm/v3/host").withRequestBody(matchingJsonPath("$.preset", equalTo("7")))
                .willReturn(json(400, "{\"error\":{\"code\":2005,\"msg\":\"Preset 7 not found\"}}")));
        vmmanager.stubFor(post("/vm/v3/host").withRequestBody(matchingJsonPath("$.preset", equalTo("8")))
                .willReturn(json(200, "{\"id\":18,\"task\":100}")));

        assertThat(adapter.execute(module, open())).isInstanceOf(ModuleOutcome.Pending.class);

        assertLookupsRead(2);
        vmmanager.verify(2, postRequestedFor(urlEqualTo("/vm/v3/host"))
                .withRequestBody(matchingJsonPath("$.preset", equalTo("7"))));
        vmmanager.verify(1, postRequestedFor(urlEqualTo("/vm/v3/host"))
                .withRequestBody(matchingJsonPath("$.preset", equalTo("8"))));
    }

    @Test
    void aRefusalOfIdsJustReadIsNotTriedAgainAndTheNextOpenReadsAfresh() {
        openable();
        vmmanager.stubFor(post("/vm/v3/host").willReturn(
                json(400, "{\"error\":{\"code\":2010,\"msg\":\"No free addresses\"}}")));

        assertThat(adapter.execute(module, open())).isInstanceOf(ModuleOutcome.Rejected.class);
        vmmanager.verify(1, postRequestedFor(urlEqualTo("/vm/v3/host")));
        assertLookupsRead(1);

        adapter.execute(module, open());
        assertLookupsRead(2);
    }

    @Test
    void onlyAnOpenThatRanBeforeLooksForTheHostItMayHaveCreated() {
        openable();

        adapter.execute(module, open(true));
        vmmanager.verify(0, getRequestedFor(urlPathEqualTo("/vm/v3/host")));

        adapter.execute(module, open(false));
        vmmanager.verify(1, getRequestedFor(urlPathEqualTo("/vm/v3/host")));
    }

    /**
     * A creation a retry made may get a twin from an earlier attempt HostFlow gave up on, so the retry's polls list the
     * hosts carrying its key before they answer done; a first attempt's cannot, and list nothing: every poll of every
     * order made that list call.
     */
    @Test
    void onlyTheRetriedOpensPollsLookForATwinOfItsHost() {
        openable();
        vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/task")).willReturn(json(200,
                "{\"list\":[{\"id\":99,\"consul_id\":99,\"name\":\"host_create\",\"status\":\"complete\"}]}")));
        vmmanager.stubFor(get(HOST).willReturn(json(200,
                host("active").replace("\"unknown_field\"", "\"ip4\":[{\"ip\":\"203.0.113.7\"}],\"unknown_field\""))));
        ModuleOutcome.Pending first = (ModuleOutcome.Pending) adapter.execute(module, open(true));
        ModuleOutcome.Pending retried = (ModuleOutcome.Pending) adapter.execute(module, open(false));
        vmmanager.resetRequests();

        assertThat(adapter.poll(module, open(true), first.handle())).isInstanceOf(ModuleOutcome.Completed.class);
        vmmanager.verify(0, getRequestedFor(urlPathEqualTo("/vm/v3/host")));

        assertThat(adapter.poll(module, open(false), retried.handle())).isInstanceOf(ModuleOutcome.Completed.class);
        vmmanager.verify(1, getRequestedFor(urlPathEqualTo("/vm/v3/host")));
    }

    @Test
    void aFailedCreationTaskMakesTheNextOpenReadAfresh() {
        assertTheNextOpenReadsAfresh(() -> {
            vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/task")).willReturn(json(200, "{\"list\":[{\"id\":99,"
                    + "\"consul_id\":99,\"name\":\"host_create\",\"status\":\"fail\",\"output\":\"no image\"}]}")));
            assertThatThrownBy(() -> adapter.poll(module, open(), "17:99@host_create"))
                    .isInstanceOfSatisfying(ModuleTechnicalException.class,
                            e -> assertThat(e.code()).isEqualTo("TASK_FAILED"));
        });
    }

    @Test
    void aConnectionCheckMakesTheNextOpenReadAfresh() {
        // the check itself reads the clusters afresh, and the open the rest
        assertTheNextOpenReadsAfresh(() -> assertThat(adapter.checkConnection(module).ok()).isTrue());
    }

    @Test
    void anotherModuleOrTheSameModuleAtAnotherUrlOrAsAnotherUserReadsItsOwn() {
        openable();
        adapter.execute(module, open());

        adapter.execute(moved(module, 2, module.url(), module.username()), open());
        assertLookupsRead(2);
        // the same WireMock under another name
        adapter.execute(moved(module, 1, module.url().replace("localhost", "127.0.0.1"), module.username()), open());
        assertLookupsRead(3);
        adapter.execute(moved(module, 1, module.url(), "other@example.com"), open());
        assertLookupsRead(4);

        adapter.execute(module, open());
        assertLookupsRead(4);
    }

    @Test
    void aPresetTheOpenCreatedIsReadFromTheListNextTime() {
        openable();
        vmmanager.stubFor(get("/vm/v3/preset").inScenario("new tariff").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"list\":[]}")));
        vmmanager.stubFor(post("/vm/v3/preset").inScenario("new tariff").willReturn(json(200, "{\"id\":8}"))
                .willSetStateTo("created"));
        vmmanager.stubFor(get("/vm/v3/preset").inScenario("new tariff").whenScenarioStateIs("created")
                .willReturn(json(200, "{\"list\":[{\"id\":8,\"name\":\"vps-2\"}]}")));

        adapter.execute(module, open());
        adapter.execute(module, open());
        adapter.execute(module, open());

        vmmanager.verify(1, postRequestedFor(urlEqualTo("/vm/v3/preset")));
        vmmanager.verify(2, getRequestedFor(urlEqualTo("/vm/v3/preset")));
        vmmanager.verify(1, getRequestedFor(urlEqualTo("/vm/v3/os")));
        vmmanager.verify(3, postRequestedFor(urlEqualTo("/vm/v3/host"))
                .withRequestBody(matchingJsonPath("$.preset", equalTo("8"))));
    }

    @Test
    void aZeroTtlReadsOnEveryOpen() {
        adapter = adapter(Duration.ZERO);
        openable();

        adapter.execute(module, open());
        adapter.execute(module, open());

        assertLookupsRead(2);
    }

    /** VMmanager answers every call of an open that creates a host. */
    private void openable() {
        vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/host")).willReturn(json(200, "{\"list\":[]}")));
        vmmanager.stubFor(get(urlPathEqualTo("/vm/v3/account")).willReturn(
                json(200, "{\"list\":[{\"id\":3,\"email\":\"c@example.com\",\"roles\":[\"@user\"]}]}")));
        vmmanager.stubFor(get("/vm/v3/os").willReturn(
                json(200, "{\"list\":[{\"id\":4,\"name\":\"Ubuntu 24.04\"},{\"id\":5,\"name\":\"Debian 12\"}]}")));
        vmmanager.stubFor(get("/vm/v3/cluster").willReturn(json(200, "{\"list\":[{\"id\":1,\"name\":\"kvm\"}]}")));
        vmmanager.stubFor(get("/vm/v3/preset").willReturn(json(200, "{\"list\":[{\"id\":7,\"name\":\"vps-2\"}]}")));
        vmmanager.stubFor(post("/vm/v3/host").willReturn(json(200, "{\"id\":17,\"task\":99}")));
    }

    /** An open reads the lookups; after {@code step}, the next open of the same module reads them again. */
    private void assertTheNextOpenReadsAfresh(Runnable step) {
        openable();
        adapter.execute(module, open());
        step.run();
        openable();
        assertThat(adapter.execute(module, open())).isInstanceOf(ModuleOutcome.Pending.class);
        assertLookupsRead(2);
    }

    private void assertLookupsRead(int times) {
        for (String lookup : LOOKUPS) {
            vmmanager.verify(times, getRequestedFor(urlEqualTo(lookup)));
        }
    }

    private static ProcessingModuleConfig moved(ProcessingModuleConfig m, long id, String url, String username) {
        return new ProcessingModuleConfig(id, m.moduleType(), m.productType(), m.name(), m.dataCenterId(),
                m.dataCenterExternalId(), m.departmentKey(), m.sortOrder(), url, username, m.password(), m.settings(),
                m.queue());
    }

    /** An open of a new service (its own operation key) with the OS asked for as people write it. */
    private static ModuleRequest open() {
        return open(false);
    }

    private static ModuleRequest open(boolean firstAttempt) {
        ModuleRequest open = VmManager6Fixtures.request(ModuleOperation.OPEN, 1, "key-" + System.nanoTime(),
                "c@example.com", null, Map.of("cpu", 2L, "ram", 2048L, "disk", 20480L, "ipv4", 1L),
                Map.of("os", "debian-12"), "vps-2");
        return VmManager6Fixtures.attempt(open, firstAttempt, open.rootPassword());
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
