package com.hostflow.modules.vmmanager6;

import static com.hostflow.modules.vmmanager6.VmManager6Fixtures.module;
import static com.hostflow.modules.vmmanager6.VmManager6Fixtures.request;
import static com.hostflow.modules.vmmanager6.VmManager6Fixtures.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ProcessingModuleAdapter.ConnectionCheck;
import com.hostflow.modules.ProcessingModuleAdapter.RemoteHost;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/** The VMmanager 6 adapter over real HTTP against the simulator on the application's random port. */
@IntegrationTest
class VmManager6AdapterSimulatorTest {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(9_000);

    @LocalServerPort
    int port;

    @Autowired
    VmManager6Adapter adapter;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    TestRestTemplate http;

    ProcessingModuleConfig module;

    @BeforeEach
    void freshSimulator() {
        simulator.reset();
        simulator.control(new SimulatorControl(0.0, 50, false));
        module = module(1, "http://localhost:" + port + "/simulator/vmmanager6", "secret");
    }

    @AfterEach
    void defaultSimulator() {
        simulator.reset();
    }

    @Test
    void opensAHostFromANewPresetWithOsAccountAndAddresses() {
        String template = "vps-" + UUID.randomUUID();
        ModuleRequest open = open("anna@example.com", Map.of("cpu", 2L, "ram", 2048L, "disk", 20480L, "ipv4", 2L),
                "debian-12", template);

        ModuleOutcome first = adapter.execute(module, open);
        assertThat(first).isInstanceOf(ModuleOutcome.Pending.class);
        ModuleOutcome done = settle(adapter, module, open, first);

        ModuleOutcome.ExternalData data = ((ModuleOutcome.Completed) done).data();
        assertThat(data.externalId()).isNotBlank();
        assertThat(data.login()).isEqualTo("anna@example.com");
        assertThat(data.ipAddresses()).hasSize(2).allMatch(ip -> ip.startsWith("10.0."));
        assertThat(data.extra()).containsEntry("state", "active").containsEntry("ram", "2048")
                .containsEntry("disk", "20480");
        Map<?, ?> host = simulator.hostsWithComment(open.operationKey()).get(0);
        assertThat(((Map<?, ?>) host.get("os")).get("name")).isEqualTo("debian-12");
        assertThat(get("/vm/v3/preset")).contains("\"name\":\"" + template + "\"");
        assertThat(get("/vm/v3/account?where=(email+EQ+'anna@example.com')")).contains("\"roles\":[\"@user\"]");
    }

    @Test
    void matchesTheOsByNameIgnoringCaseAndPunctuationAndRefusesAnUnknownOne() {
        ModuleRequest ubuntu = open("os@example.com", resources(), "Ubuntu 24.04", null);
        ModuleOutcome done = settle(adapter, module, ubuntu, adapter.execute(module, ubuntu));
        assertThat(done).isInstanceOf(ModuleOutcome.Completed.class);

        ModuleOutcome unknown = adapter.execute(module, open("os@example.com", resources(), "windows-95", null));
        assertThat(unknown).isInstanceOfSatisfying(ModuleOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo("Err_UnknownOs");
            assertThat(rejected.message()).contains("ubuntu-24.04", "debian-12", "almalinux-9");
        });
    }

    @Test
    void reusesTheClientsAccountAndRefusesAnAdministratorAccount() {
        opened("bob@example.com");
        opened("bob@example.com");
        assertThat(get("/vm/v3/account?where=(email+EQ+'bob@example.com')")).contains("\"size\":1");

        ModuleOutcome admin = adapter.execute(module, open("admin@example.com", resources(), "debian-12", null));
        assertThat(admin).isInstanceOfSatisfying(ModuleOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("Err_AdminAccount"));
        assertThat(simulator.hostCount()).isEqualTo(2);
    }

    @Test
    void openingTheSameServiceTwiceWithOneOperationKeyMakesOneVm() {
        ModuleRequest open = open("twice@example.com", resources(), "debian-12", null);

        ModuleOutcome first = adapter.execute(module, open);
        ModuleOutcome again = adapter.execute(module, open);
        ModuleOutcome firstDone = settle(adapter, module, open, first);
        ModuleOutcome againDone = settle(adapter, module, open, again);
        ModuleOutcome afterwards = adapter.execute(module, open);

        assertThat(simulator.hostsWithComment(open.operationKey())).hasSize(1);
        assertThat(simulator.hostCount()).isEqualTo(1);
        String externalId = ((ModuleOutcome.Completed) firstDone).data().externalId();
        assertThat(((ModuleOutcome.Completed) againDone).data().externalId()).isEqualTo(externalId);
        assertThat(afterwards).isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                completed -> assertThat(completed.data().externalId()).isEqualTo(externalId));
    }

    @Test
    void suspendsAndResumesByStoppingAndStarting() {
        String hostId = opened("pause@example.com");

        ModuleOutcome suspended = run(ModuleOperation.SUSPEND, hostId, Map.of());
        assertThat(state(suspended)).isEqualTo("stopped");
        assertThat(adapter.execute(module, request(ModuleOperation.SUSPEND, hostId, Map.of())))
                .as("suspending a stopped host again changes nothing").isInstanceOf(ModuleOutcome.Completed.class);

        ModuleOutcome resumed = run(ModuleOperation.RESUME, hostId, Map.of());
        assertThat(state(resumed)).isEqualTo("active");
    }

    @Test
    void growsResourcesDiskAndAddressesButRefusesASmallerDisk() {
        String hostId = opened("grow@example.com");

        ModuleOutcome grown = run(ModuleOperation.SET_PARAM, hostId,
                Map.of("cpu", 4L, "ram", 4096L, "disk", 40960L, "ipv4", 3L));
        ModuleOutcome.ExternalData data = ((ModuleOutcome.Completed) grown).data();
        assertThat(data.extra()).containsEntry("cpu", "4").containsEntry("ram", "4096").containsEntry("disk", "40960");
        assertThat(data.ipAddresses()).hasSize(3).doesNotHaveDuplicates();

        ModuleOutcome shrink = adapter.execute(module, request(ModuleOperation.SET_PARAM, hostId,
                Map.of("cpu", 4L, "ram", 8192L, "disk", 10240L)));
        assertThat(shrink).isInstanceOfSatisfying(ModuleOutcome.Rejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo("Err_DiskShrink");
            assertThat(rejected.message()).contains("40960", "10240");
        });
        assertThat(state(run(ModuleOperation.SYNC, hostId, Map.of()))).isEqualTo("active");
        assertThat(((ModuleOutcome.Completed) run(ModuleOperation.SYNC, hostId, Map.of())).data().extra())
                .as("nothing changed by the refused request").containsEntry("ram", "4096");
    }

    @Test
    void aChangeRefusedForWantOfFreeAddressesChangesNothingElse() {
        String hostId = opened("pool@example.com");

        ModuleOutcome refused = adapter.execute(module, request(ModuleOperation.SET_PARAM, hostId,
                Map.of("cpu", 4L, "ram", 4096L, "disk", 40960L, "ipv4", 100_000L)));

        assertThat(refused).isInstanceOfSatisfying(ModuleOutcome.Rejected.class,
                rejected -> assertThat(rejected.message()).contains("Not enough free IPv4 addresses"));
        assertThat(((ModuleOutcome.Completed) run(ModuleOperation.SYNC, hostId, Map.of())).data().extra())
                .as("the refused change left the host as it was").containsEntry("cpu", "1")
                .containsEntry("ram", "1024").containsEntry("disk", "10240");
        assertThat(simulator.runningTasks()).isZero();
    }

    @Test
    void closingDeletesTheHostAndReleasesItsAddresses() {
        String hostId = opened("bye@example.com");
        List<String> addresses = ((ModuleOutcome.Completed) run(ModuleOperation.SYNC, hostId, Map.of())).data()
                .ipAddresses();

        ModuleOutcome closed = run(ModuleOperation.CLOSE, hostId, Map.of());

        assertThat(closed).isInstanceOf(ModuleOutcome.Completed.class);
        assertThat(simulator.hostCount()).isZero();
        assertThat(adapter.execute(module, request(ModuleOperation.CLOSE, hostId, Map.of())))
                .as("closing again is harmless").isInstanceOf(ModuleOutcome.Completed.class);
        assertThat(adapter.execute(module, request(ModuleOperation.SYNC, hostId, Map.of())))
                .isInstanceOfSatisfying(ModuleOutcome.Rejected.class,
                        rejected -> assertThat(rejected.code()).isEqualTo("Err_HostNotFound"));
        assertThat(addresses).as("the addresses go back to the pool").noneMatch(simulator::addressTaken);
    }

    @Test
    void syncReadsTheHost() {
        String hostId = opened("sync@example.com");

        ModuleOutcome synced = adapter.execute(module, request(ModuleOperation.SYNC, hostId, Map.of()));

        assertThat(synced).isInstanceOfSatisfying(ModuleOutcome.Completed.class, completed -> {
            assertThat(completed.data().externalId()).isEqualTo(hostId);
            assertThat(completed.data().login()).isEqualTo("sync@example.com");
            assertThat(completed.data().extra()).containsEntry("state", "active").containsKey("node");
        });
    }

    @Test
    void logsInAgainWhenTheSessionExpired() {
        String hostId = opened("session@example.com");
        simulator.expireTokens();

        assertThat(adapter.execute(module, request(ModuleOperation.SYNC, hostId, Map.of())))
                .isInstanceOf(ModuleOutcome.Completed.class);
    }

    @Test
    void aFailedCreationIsATechnicalFailureAndARetryReplacesTheBrokenHost() {
        simulator.control(new SimulatorControl(1.0, 20, false));
        ModuleRequest open = open("fail@example.com", resources(), "debian-12", null);

        assertThatThrownBy(() -> settle(adapter, module, open, adapter.execute(module, open)))
                .isInstanceOfSatisfying(ModuleTechnicalException.class, e -> {
                    assertThat(e.code()).isEqualTo("TASK_FAILED");
                    assertThat(e.getMessage()).contains("host_create", "Simulated failure");
                });
        assertThat(simulator.hostsWithComment(open.operationKey())).singleElement()
                .satisfies(host -> assertThat(host).containsEntry("state", "create_failed"));

        // the fault is gone: a retry deletes the broken host and creates a fresh one, never adopting the broken one
        simulator.control(new SimulatorControl(0.0, 20, false));
        ModuleOutcome retried = settle(adapter, module, open, adapter.execute(module, open));

        assertThat(retried).isInstanceOf(ModuleOutcome.Completed.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                simulator.hostsWithComment(open.operationKey())).singleElement()
                .satisfies(host -> assertThat(host).containsEntry("state", "active")));
    }

    @Test
    void closingAServiceWhoseOpenNeverReportedItsHostFindsTheHostByName() {
        long serviceId = SERVICE_IDS.incrementAndGet();
        ModuleRequest open = VmManager6Fixtures.request(ModuleOperation.OPEN, serviceId, serviceId + "-open-" + UUID
                .randomUUID(), "half@example.com", null, resources(), Map.of("os", "debian-12"), null);
        ModuleOutcome pending = adapter.execute(module, open);
        assertThat(pending).isInstanceOf(ModuleOutcome.Pending.class);

        ModuleRequest close = VmManager6Fixtures.request(ModuleOperation.CLOSE, open.serviceId(), "close-" + UUID
                .randomUUID(), "half@example.com", null, Map.of(), Map.of(), null);
        assertThat(settle(adapter, module, close, adapter.execute(module, close)))
                .isInstanceOf(ModuleOutcome.Completed.class);

        assertThat(simulator.hostsWithComment(open.operationKey())).isEmpty();
    }

    /**
     * A close made while the cancelled order's open may still be on its way to VMmanager: it found nothing and
     * answered "done", and the host the open made a moment later stayed, of no service. Now it looks again until
     * the host is there (or the open can no longer come) and deletes it.
     */
    @Test
    void aCloseWhileAnOpenMayStillRunDeletesTheHostTheOpenMakesAfterwards() {
        long serviceId = SERVICE_IDS.incrementAndGet();
        ModuleRequest open = VmManager6Fixtures.request(ModuleOperation.OPEN, serviceId, serviceId + "-open-" + UUID
                .randomUUID(), "late@example.com", null, resources(), Map.of("os", "debian-12"), null);
        ModuleRequest close = VmManager6Fixtures.whileAnOpenMayRun(VmManager6Fixtures.request(ModuleOperation.CLOSE,
                serviceId, serviceId + "-close-" + UUID.randomUUID(), "late@example.com", null, Map.of(), Map.of(),
                null));

        ModuleOutcome nothingYet = adapter.execute(module, close);
        assertThat(nothingYet).isInstanceOf(ModuleOutcome.Pending.class);
        assertThat(adapter.execute(module, open)).isInstanceOf(ModuleOutcome.Pending.class);
        assertThat(simulator.hostsWithComment(open.operationKey())).hasSize(1);

        assertThat(settle(adapter, module, close, nothingYet)).isInstanceOf(ModuleOutcome.Completed.class);
        assertThat(simulator.hostsWithComment(open.operationKey())).isEmpty();
    }

    /**
     * A slow VMmanager: HostFlow gave up waiting for the first attempt's creation (read timeout) while VMmanager still
     * worked on it, and the retry found nothing carrying the key and made a host. The first creation then lands too:
     * two hosts for one service. The retry's poll now finds both and deletes all but the first made, so the service
     * ends with one host.
     */
    @Test
    void aCreationThatLandsAfterItsRetryMadeAHostLeavesTheServiceOneHost() {
        ModuleRequest retry = open("late-create@example.com", resources(), "debian-12", null);
        ModuleRequest timedOut = VmManager6Fixtures.attempt(retry, true, retry.rootPassword());
        ModuleOutcome retried = adapter.execute(module, retry);
        assertThat(retried).isInstanceOf(ModuleOutcome.Pending.class);
        // VMmanager makes the first attempt's host now, its answer long given up by HostFlow
        assertThat(adapter.execute(module, timedOut)).isInstanceOf(ModuleOutcome.Pending.class);
        assertThat(simulator.hostsWithComment(retry.operationKey())).hasSize(2);

        ModuleOutcome done = settle(adapter, module, retry, retried);

        assertThat(done).isInstanceOf(ModuleOutcome.Completed.class);
        List<Map<String, Object>> left = simulator.hostsWithComment(retry.operationKey());
        assertThat(left).singleElement().satisfies(host -> assertThat(String.valueOf(host.get("id")))
                .isEqualTo(((ModuleOutcome.Completed) done).data().externalId()));
        assertThat(simulator.hostPasswordIs(Long.parseLong(((ModuleOutcome.Completed) done).data().externalId()),
                retry.rootPassword())).isTrue();
    }

    /**
     * The same late creation landing after the retry's open had finished: the service runs on the retry's host and the
     * other one carries its name and open's key. Closing the service deletes every host its opens made, not only the
     * one it knows, so nothing is left of a deleted service.
     */
    @Test
    void closingAServiceDeletesAHostALateCreationMadeBesideItsOwn() {
        long serviceId = SERVICE_IDS.incrementAndGet();
        ModuleRequest retry = VmManager6Fixtures.request(ModuleOperation.OPEN, serviceId, serviceId + "-open-" + UUID
                .randomUUID(), "late-close@example.com", null, resources(), Map.of("os", "debian-12"), null);
        ModuleOutcome opened = settle(adapter, module, retry, adapter.execute(module, retry));
        String hostId = ((ModuleOutcome.Completed) opened).data().externalId();
        assertThat(adapter.execute(module, VmManager6Fixtures.attempt(retry, true, retry.rootPassword())))
                .isInstanceOf(ModuleOutcome.Pending.class);
        assertThat(simulator.hostsNamed("hostflow-" + serviceId)).hasSize(2);

        ModuleRequest close = VmManager6Fixtures.request(ModuleOperation.CLOSE, serviceId, serviceId + "-close-" + UUID
                .randomUUID(), "late-close@example.com", hostId, Map.of(), Map.of(), null);
        assertThat(settle(adapter, module, close, adapter.execute(module, close)))
                .isInstanceOfSatisfying(ModuleOutcome.Completed.class,
                        closed -> assertThat(closed.data().externalId()).isEqualTo(hostId));

        assertThat(simulator.hostsNamed("hostflow-" + serviceId)).isEmpty();
    }

    /**
     * The round deletes a twin the report listed only while VMmanager still holds it under the same name and comment:
     * a host given another comment since is no longer the one judged, and one gone already is no failure.
     */
    @Test
    void deletesAListedHostOnlyWhileItIsStillTheHostThatWasListed() {
        long serviceId = SERVICE_IDS.incrementAndGet();
        String name = "hostflow-" + serviceId;
        long twin = simulator.createHostBehindHostFlowsBack(name, serviceId + "-open-a");
        long other = simulator.createHostBehindHostFlowsBack(name, serviceId + "-open-b");
        RemoteHost listed = adapter.hosts(module).stream().filter(h -> h.externalId().equals(Long.toString(twin)))
                .findFirst().orElseThrow();
        assertThat(listed.madeForService()).isEqualTo(serviceId);

        assertThat(adapter.deleteHost(module, new RemoteHost(Long.toString(other), name, "active",
                serviceId + "-open-changed", serviceId))).as("another comment than listed").isFalse();
        assertThat(adapter.deleteHost(module, listed)).isTrue();

        simulator.finishRunningTasks();
        assertThat(simulator.hostsNamed(name)).extracting(h -> h.get("id")).containsExactly(other);
        assertThat(adapter.deleteHost(module, listed)).as("gone already").isFalse();
        simulator.deleteHostBehindHostFlowsBack(other);
    }

    @Test
    void aSleepingVmManagerIsATechnicalFailure() {
        simulator.control(new SimulatorControl(0.0, 20, true));

        assertThatThrownBy(() -> adapter.execute(module, open("down@example.com", resources(), "debian-12", null)))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("UNAVAILABLE"));
    }

    @Test
    void offersTheNamesOfItsOsImagesForOsAndNothingForOtherParameters() {
        assertThat(adapter.descriptor().offersValuesFor()).containsExactly("os");
        assertThat(adapter.parameterValues(module, "os")).containsExactly("ubuntu-24.04", "debian-12", "almalinux-9");
        assertThat(adapter.parameterValues(module, "domain")).isEmpty();

        simulator.control(new SimulatorControl(0.0, 20, true));
        assertThatThrownBy(() -> adapter.parameterValues(module, "os"))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("UNAVAILABLE"));
        assertThatThrownBy(() -> adapter.parameterValues(module(4, "http://127.0.0.1:1/vmmanager", "secret"), "os"))
                .isInstanceOfSatisfying(ModuleTechnicalException.class,
                        e -> assertThat(e.code()).isEqualTo("UNREACHABLE"));
    }

    @Test
    void checksTheConnection() {
        ConnectionCheck ok = adapter.checkConnection(module);
        ConnectionCheck wrongPassword = adapter.checkConnection(module(2, module.url(), "wrong"));
        ConnectionCheck unreachable = adapter.checkConnection(module(3, "http://127.0.0.1:1/vmmanager", "secret"));

        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(wrongPassword.ok()).isFalse();
        assertThat(wrongPassword.message()).contains("Wrong username or password", "Incorrect email or password");
        assertThat(unreachable.ok()).isFalse();
        assertThat(unreachable.message()).contains("Cannot reach http://127.0.0.1:1/vmmanager");
    }

    @Test
    void handsTheGeneratedPasswordsBackWithThePendingAnswerAndTheyWork() {
        ModuleRequest open = open("creds@example.com", resources(), "debian-12", null);

        ModuleOutcome first = adapter.execute(module, open);

        assertThat(first).isInstanceOfSatisfying(ModuleOutcome.Pending.class, pending -> {
            ModuleOutcome.Credentials credentials = pending.credentials();
            assertThat(credentials.login()).isEqualTo("creds@example.com");
            assertThat(credentials.password()).hasSize(20);
            assertThat(credentials.rootPassword()).hasSize(20).isNotEqualTo(credentials.password());
            assertThat(credentials.panelUrl()).isEqualTo(module.url());
            assertThat(credentials.accountExisted()).isFalse();
            assertThat(pending.handle()).doesNotContain(credentials.password(), credentials.rootPassword());
            assertThat(pending.toString()).doesNotContain(credentials.password(), credentials.rootPassword());
            // the client logs in to VMmanager with them, and the VM has the root password
            assertThat(http.postForEntity("/simulator/vmmanager6/auth/v4/public/token", Map.of("email",
                    "creds@example.com", "password", credentials.password()), String.class).getStatusCode().value())
                    .isEqualTo(201);
            String hostId = ((ModuleOutcome.Completed) settle(adapter, module, open, first)).data().externalId();
            assertThat(simulator.hostPasswordIs(Long.parseLong(hostId), credentials.rootPassword())).isTrue();
        });

        ModuleOutcome second = adapter.execute(module, open("creds@example.com", resources(), "debian-12", null));
        assertThat(second).isInstanceOfSatisfying(ModuleOutcome.Pending.class, pending -> {
            assertThat(pending.credentials().accountExisted()).isTrue();
            assertThat(pending.credentials().password()).isNull();
            assertThat(pending.credentials().login()).isEqualTo("creds@example.com");
            assertThat(pending.credentials().rootPassword()).isNotBlank();
        });
    }

    @Test
    void aRetryOfAnOpenWhoseAnswerWasLostAdoptsItsHostWithTheRootPasswordHostFlowChose() {
        ModuleRequest open = open("lost@example.com", resources(), "debian-12", null);
        // the host is being made, but the answer never reaches HostFlow (a crash before it was stored)
        assertThat(adapter.execute(module, open)).isInstanceOf(ModuleOutcome.Pending.class);

        // HostFlow retries with the same key and the root password it stored before the first call
        ModuleOutcome retried = adapter.execute(module, open);

        ModuleOutcome.Credentials credentials = credentialsOf(retried);
        assertThat(credentials.rootPassword()).isEqualTo(open.rootPassword());
        assertThat(credentials.login()).isEqualTo("lost@example.com");
        assertThat(credentials.panelUrl()).isEqualTo(module.url());
        // the first attempt made the account with the password HostFlow chose for the operation: it logs in
        assertThat(credentials.password()).isEqualTo(open.accountPassword());
        assertThat(credentials.accountExisted()).isFalse();
        assertThat(logsIn("lost@example.com", open.accountPassword())).isTrue();
        String hostId = ((ModuleOutcome.Completed) settle(adapter, module, open, retried)).data().externalId();
        assertThat(simulator.hostsWithComment(open.operationKey())).hasSize(1);
        assertThat(simulator.hostPasswordIs(Long.parseLong(hostId), open.rootPassword())).isTrue();
    }

    @Test
    void aRetryTellsTheAccountItsEarlierAttemptMadeFromOneMadeByOthersByLoggingIn() {
        ModuleRequest open = open("half@example.com", resources(), "debian-12", null);
        ModuleRequest first = VmManager6Fixtures.attempt(open, true, open.rootPassword());
        String made = ((ModuleOutcome.Completed) settle(adapter, module, first, adapter.execute(module, first)))
                .data().externalId();
        // the account stays, the host is gone before HostFlow heard of either (as if the crash came between them)
        simulator.deleteHostBehindHostFlowsBack(Long.parseLong(made));

        ModuleOutcome retried = adapter.execute(module, open);

        assertThat(retried).isInstanceOfSatisfying(ModuleOutcome.Pending.class, pending -> {
            assertThat(pending.credentials().password()).isEqualTo(open.accountPassword());
            assertThat(pending.credentials().accountExisted()).isFalse();
        });
        // another operation of the client meets the account too: a first attempt never claims it, and a retry whose
        // own password does not log in learns no password either
        ModuleRequest other = open("half@example.com", resources(), "debian-12", null);
        for (ModuleRequest meeting : List.of(VmManager6Fixtures.attempt(other, true, other.rootPassword()), other)) {
            // the retry finds the host its first attempt made, still being made or (on a slow machine) made already
            ModuleOutcome.Credentials credentials = credentialsOf(adapter.execute(module, meeting));
            assertThat(credentials.password()).isNull();
            assertThat(credentials.accountExisted()).isTrue();
        }
        assertThat(logsIn("half@example.com", other.accountPassword())).isFalse();
        assertThat(logsIn("half@example.com", open.accountPassword())).isTrue();
    }

    private static ModuleOutcome.Credentials credentialsOf(ModuleOutcome outcome) {
        return outcome instanceof ModuleOutcome.Pending pending ? pending.credentials()
                : ((ModuleOutcome.Completed) outcome).credentials();
    }

    private boolean logsIn(String email, String password) {
        return http.postForEntity("/simulator/vmmanager6/auth/v4/public/token", Map.of("email", email, "password",
                password), String.class).getStatusCode().value() == 201;
    }

    @Test
    void anOpenWithoutTheRootPasswordHostFlowChoseCallsNothing() {
        ModuleRequest chosen = open("unchosen@example.com", resources(), "debian-12", null);
        ModuleRequest open = VmManager6Fixtures.attempt(chosen, true, null);

        assertThatThrownBy(() -> adapter.execute(module, open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries no root password");
        assertThat(simulator.hostsWithComment(open.operationKey())).isEmpty();
        assertThat(adapter.setsRootPassword(ModuleOperation.OPEN)).isTrue();
        assertThat(adapter.setsRootPassword(ModuleOperation.RESET_PASSWORD)).isTrue();
        assertThat(adapter.setsRootPassword(ModuleOperation.SUSPEND)).isFalse();
    }

    @Test
    void anOpenWithoutTheAccountPasswordHostFlowChoseCallsNothing() {
        ModuleRequest chosen = open("noaccount@example.com", resources(), "debian-12", null);
        ModuleRequest open = new ModuleRequest(chosen.operation(), chosen.serviceId(), chosen.operationKey(),
                chosen.clientEmail(), chosen.clientName(), chosen.tariffName(), chosen.template(), chosen.domain(),
                null, chosen.addons(), Map.of(), chosen.params(), List.of(), true, chosen.rootPassword(), null);

        assertThatThrownBy(() -> adapter.execute(module, open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries no account password");
        assertThat(simulator.hostsWithComment(open.operationKey())).isEmpty();
        assertThat(get("/vm/v3/account?where=(email+EQ+'noaccount@example.com')")).contains("\"size\":0");
        assertThat(adapter.createsAccount(ModuleOperation.OPEN)).isTrue();
        assertThat(adapter.createsAccount(ModuleOperation.RESET_PASSWORD)).isFalse();
        assertThat(adapter.createsAccount(ModuleOperation.SUSPEND)).isFalse();
    }

    @Test
    void resetsTheHostsPasswordThroughAVmManagerTask() {
        String hostId = opened("reset@example.com");
        ModuleRequest reset = request(ModuleOperation.RESET_PASSWORD, hostId, Map.of());

        ModuleOutcome asked = adapter.execute(module, reset);

        assertThat(asked).isInstanceOf(ModuleOutcome.Pending.class);
        String newPassword = ((ModuleOutcome.Pending) asked).credentials().rootPassword();
        assertThat(newPassword).isEqualTo(reset.rootPassword()).hasSize(20);
        ModuleOutcome done = settle(adapter, module, reset, asked);
        assertThat(done).isInstanceOf(ModuleOutcome.Completed.class);
        assertThat(simulator.hostPasswordIs(Long.parseLong(hostId), newPassword)).isTrue();

        ModuleOutcome gone = adapter.execute(module, request(ModuleOperation.RESET_PASSWORD, "999999", Map.of()));
        assertThat(gone).isInstanceOfSatisfying(ModuleOutcome.Rejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo("Err_HostNotFound"));
    }

    @Test
    void listsTheHostsOfItsClusterAndTellsWhichServiceHostFlowMadeEachFor() {
        ModuleRequest open = open("list@example.com", resources(), "debian-12", null);
        String made = ((ModuleOutcome.Completed) settle(adapter, module, open, adapter.execute(module, open))).data()
                .externalId();
        long byHand = simulator.createHostBehindHostFlowsBack("build-box", "made in the panel");

        List<RemoteHost> hosts = adapter.hosts(module);

        assertThat(hosts).containsExactlyInAnyOrder(
                new RemoteHost(made, "hostflow-" + open.serviceId(), "active", open.operationKey(), open.serviceId()),
                new RemoteHost(String.valueOf(byHand), "build-box", "active", "made in the panel", null));
    }

    @Test
    void aModuleThatCannotBeListedIsATechnicalFailure() {
        ProcessingModuleConfig otherCluster = new ProcessingModuleConfig(module.id(), module.moduleType(),
                module.productType(), module.name(), null, null, null, 1, module.url(), module.username(),
                module.password(), new ProcessingModuleConfig.Settings("77", false, false), null);

        assertThatThrownBy(() -> adapter.hosts(otherCluster)).isInstanceOfSatisfying(
                ModuleTechnicalException.class, e -> assertThat(e.getMessage()).contains("77"));
    }

    private String opened(String email) {
        ModuleRequest open = open(email, resources(), "debian-12", null);
        ModuleOutcome done = settle(adapter, module, open, adapter.execute(module, open));
        assertThat(done).isInstanceOf(ModuleOutcome.Completed.class);
        return ((ModuleOutcome.Completed) done).data().externalId();
    }

    private ModuleOutcome run(ModuleOperation operation, String hostId, Map<String, Long> addons) {
        ModuleRequest request = request(operation, hostId, addons);
        return settle(adapter, module, request, adapter.execute(module, request));
    }

    private ModuleRequest request(ModuleOperation operation, String hostId, Map<String, Long> addons) {
        return VmManager6Fixtures.request(operation, 1, UUID.randomUUID().toString(), "x@example.com", hostId,
                addons, Map.of(), null);
    }

    private static ModuleRequest open(String email, Map<String, Long> addons, String os, String template) {
        return VmManager6Fixtures.request(ModuleOperation.OPEN, SERVICE_IDS.incrementAndGet(),
                "open-" + UUID.randomUUID(), email, null, addons, Map.of("os", os), template);
    }

    private static Map<String, Long> resources() {
        return Map.of("cpu", 1L, "ram", 1024L, "disk", 10240L);
    }

    private static String state(ModuleOutcome outcome) {
        return ((ModuleOutcome.Completed) outcome).data().extra().get("state");
    }

    private String get(String path) {
        String token = http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "secret"), Map.class).getBody().get("token")
                .toString();
        var headers = new org.springframework.http.HttpHeaders();
        headers.set("x-xsrf-token", token);
        return http.exchange("/simulator/vmmanager6" + path, org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class).getBody();
    }
}
