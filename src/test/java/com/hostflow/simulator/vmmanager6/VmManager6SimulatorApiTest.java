package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

/** The simulator over HTTP with the paths, status codes and error shape of VMmanager 6. */
@IntegrationTest
class VmManager6SimulatorApiTest {

    @LocalServerPort
    int port;

    @Autowired
    VmManager6Simulator simulator;

    /** The JDK HTTP client (HttpURLConnection drops 401 bodies of POSTs); URIs go out as given, so the where= filter goes out unencoded as real clients send it. */
    final RestTemplate http = new RestTemplate(new JdkClientHttpRequestFactory());

    String token;

    @BeforeEach
    void login() {
        http.setErrorHandler(response -> false);
        simulator.reset();
        simulator.control(new SimulatorControl(0.0, 0, false));
        ResponseEntity<Map> answer = http.postForEntity(url("/auth/v4/public/token"),
                Map.of("email", "admin@example.com", "password", "secret"), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getBody()).containsEntry("confirmed", true);
        token = (String) answer.getBody().get("token");
    }

    @AfterEach
    void defaults() {
        simulator.reset();
    }

    @Test
    void refusesBadCredentialsAndMissingTokensInVmManagersErrorShape() {
        ResponseEntity<Map> bad = http.postForEntity(url("/auth/v4/public/token"),
                Map.of("email", "admin@example.com", "password", "nope"), Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(error(bad)).containsKeys("code", "msg");

        ResponseEntity<Map> noToken = http.getForEntity(url("/vm/v3/host"), Map.class);
        assertThat(noToken.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(error(noToken)).containsEntry("code", 1000);
    }

    @Test
    void createsAHostThatBecomesActiveAndFiltersTasksWithRawWhere() {
        long account = ((Number) post("/vm/v3/account",
                Map.of("email", "sim@example.com", "password", "pw", "role", "@user")).getBody().get("id")).longValue();
        Map<String, Object> created = post("/vm/v3/host", Map.of("name", "h1", "password", "pw", "cluster", 1, "os", 2,
                "account", account, "cpu_number", 1, "ram_mib", 1024, "hdd_mib", 10240, "ipv4_number", 2)).getBody();
        Number hostId = (Number) created.get("id");
        Number taskId = (Number) created.get("task");

        Map<String, Object> tasks = get("/vm/v3/task?where=((consul_id+EQ+'" + taskId + "')+AND+(name+EQ+host_create))");
        assertThat((List<?>) tasks.get("list")).hasSize(1);
        awaitTask(taskId);
        Map<String, Object> host = get("/vm/v3/host/" + hostId);
        assertThat(host).containsEntry("state", "active").containsEntry("ram_mib", 1024);
        assertThat((List<?>) get("/vm/v3/host/" + hostId + "/ipv4").get("list")).hasSize(2);
        assertThat((List<?>) get("/vm/v3/host?where=(name+CP+'H')+OR+(id+EQ+0)").get("list")).hasSize(1);
        assertThat((List<?>) get("/vm/v3/account?where=(email+EQ+sim@example.com)").get("list")).hasSize(1);
    }

    /** Lists narrowed through an index (task id, account e-mail, host name) answer what the whole filter says. */
    @Test
    void filtersThroughAnIndexAnswerAsTheWholeFilter() {
        long account = ((Number) post("/vm/v3/account",
                Map.of("email", "indexed@example.com", "password", "pw")).getBody().get("id")).longValue();
        Map<String, Object> created = post("/vm/v3/host", Map.of("name", "h3", "password", "pw", "cluster", 1, "os", 1,
                "account", account, "cpu_number", 1, "ram_mib", 1024, "hdd_mib", 10240, "comment", "key-3")).getBody();
        Number taskId = (Number) created.get("task");

        assertThat(list("/vm/v3/task?where=((consul_id+EQ+'" + taskId + "')+AND+(name+EQ+host_stop))")).isEmpty();
        assertThat(list("/vm/v3/task?where=(consul_id+EQ+'" + taskId + "')+OR+(consul_id+EQ+'0')")).hasSize(1);
        assertThat(list("/vm/v3/task?where=(consul_id+EQ+'not-a-number')")).isEmpty();
        assertThat(list("/vm/v3/task?where=(consul_id+EQ+'99999999999999999999')")).isEmpty();
        assertThat(list("/vm/v3/account?where=(email+EQ+'Indexed@example.com')")).as("EQ is exact").isEmpty();
        assertThat(list("/vm/v3/account?where=(email+EQ+'indexed@example.com')+AND+(id+NE+" + account + ")"))
                .isEmpty();
        assertThat(list("/vm/v3/account?where=(email+EQ+'indexed@example.com')+OR+(email+EQ+'admin@example.com')"))
                .hasSize(2);
        assertThat(list("/vm/v3/host?where=(comment+EQ+'key-3')+AND+(name+EQ+h3)")).hasSize(1);
        assertThat(list("/vm/v3/host?where=(comment+EQ+'key-3')+AND+(name+EQ+h4)")).isEmpty();
        assertThat(list("/vm/v3/host?where=(comment+EQ+'key-4')+OR+(name+EQ+h3)")).hasSize(1);
    }

    private List<?> list(String path) {
        return (List<?>) get(path).get("list");
    }

    @Test
    void refusesToShrinkADiskAndHandsOutEveryAddressOnce() {
        Map<String, Object> host = createdHost(200);
        Map<?, ?> disk = (Map<?, ?>) host.get("disk");

        ResponseEntity<Map> shrink = post("/vm/v3/disk/" + disk.get("id"), Map.of("size_mib", 5120));
        assertThat(shrink.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error(shrink).get("msg").toString()).contains("can not be reduced");

        ResponseEntity<Map> exhausted = post("/vm/v3/host/" + host.get("id") + "/ip",
                Map.of("ipv4_number", 66_000));
        assertThat(exhausted.getStatusCode()).as("a /16 of 65,278 usable addresses, 200 taken")
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/vm/v3/host/" + host.get("id") + "/ip", Map.of("ipv4_number", 53)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        List<?> addresses = (List<?>) get("/vm/v3/host/" + host.get("id") + "/ipv4").get("list");
        assertThat(addresses).hasSize(253).doesNotHaveDuplicates();
    }

    @Test
    void controlInjectsFaults() {
        ResponseEntity<Map> changed = http.exchange(url("/_control"), HttpMethod.PUT,
                new HttpEntity<>(Map.of("down", true, "taskDelayMs", 10)), Map.class);
        assertThat(changed.getBody()).containsEntry("down", true).containsEntry("taskDelayMs", 10);

        ResponseEntity<Map> down = http.exchange(url("/vm/v3/os"), HttpMethod.GET, withToken(null), Map.class);
        assertThat(down.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(error(down)).containsKeys("code", "msg");

        http.postForEntity(url("/_control/reset"), null, Void.class);
        assertThat(http.getForObject(url("/_control"), Map.class)).containsEntry("down", false)
                .containsEntry("hosts", 0);
    }

    @Test
    void controlSlowsEveryAnswerAndRefusesANegativeDelay() {
        ResponseEntity<Map> changed = http.exchange(url("/_control"), HttpMethod.PUT,
                new HttpEntity<>(Map.of("answerDelayMs", 400)), Map.class);
        assertThat(changed.getBody()).containsEntry("answerDelayMs", 400);
        long started = System.nanoTime();
        assertThat(http.exchange(url("/vm/v3/os"), HttpMethod.GET, withToken(null), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        ResponseEntity<Map> negative = http.exchange(url("/_control"), HttpMethod.PUT,
                new HttpEntity<>(Map.of("answerDelayMs", -1)), Map.class);
        assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error(negative).get("msg").toString()).contains("answerDelayMs");
        assertThat(http.getForObject(url("/_control"), Map.class)).containsEntry("answerDelayMs", 400);

        http.postForEntity(url("/_control/reset"), null, Void.class);
        assertThat(http.getForObject(url("/_control"), Map.class)).containsEntry("answerDelayMs", 0);
    }

    /**
     * A slow VMmanager is another machine: more slow calls at once than the server has request threads (200) still
     * leave HostFlow's own API answering at once. They slept in its request threads: in a probe with the answers 2
     * minutes slow, the calls HostFlow had given up on held every thread and a readiness check took 42 s.
     */
    @Test
    void slowAnswersHoldNoRequestThreadOfTheServerTheyShare() {
        simulator.answerDelayMs(10_000);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest slow = HttpRequest.newBuilder(URI.create(url("/vm/v3/os"))).header("x-xsrf-token", token).GET()
                .build();
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 220)
                .mapToObj(i -> client.sendAsync(slow, HttpResponse.BodyHandlers.ofString())).toList();
        // as many as the server has request threads
        Awaitility.await("the slow calls waiting").atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20))
                .until(() -> simulator.answersDelayed() >= 200);

        ResponseEntity<Map> readiness = http.getForEntity("http://localhost:" + port + "/actuator/health/readiness",
                Map.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        // no wall-clock limit: had the slow calls held the threads, readiness would have waited for them to end
        assertThat(simulator.answersDelayed()).as("the slow calls still waiting when readiness answered")
                .isGreaterThanOrEqualTo(200);

        simulator.answerDelayMs(0); // VMmanager fast again: the calls still waiting are answered now, not in 10 s
        assertThat(simulator.answersDelayed()).as("the calls still waiting once the delay is 0").isZero();
        assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(calls.get(0).join().body()).contains("debian-12");
        assertThat(simulator.answersDelayed()).isZero();
    }

    @Test
    void controlRefusesAFieldOfTheWrongTypeAndChangesNothing() {
        Map<?, ?> before = http.getForObject(url("/_control"), Map.class);
        for (Map<String, Object> wrong : List.<Map<String, Object>>of(Map.of("failRate", "x"),
                Map.of("taskDelayMs", 1.5), Map.of("answerDelayMs", "100"), Map.of("down", "yes"),
                Map.of("failRate", 0.5, "down", 1))) {
            ResponseEntity<Map> refused = http.exchange(url("/_control"), HttpMethod.PUT, new HttpEntity<>(wrong),
                    Map.class);
            assertThat(refused.getStatusCode()).as("%s", wrong).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(error(refused).get("msg").toString()).as("%s", wrong)
                    .contains(wrong.keySet().stream().filter(k -> !k.equals("failRate") || wrong.size() == 1)
                            .findFirst().orElseThrow());
        }
        assertThat(http.getForObject(url("/_control"), Map.class)).isEqualTo(before);
    }

    /**
     * A reset forgets the hosts, but HostFlow keeps the services that hold their addresses (as it keeps their ids):
     * new hosts, also several created at once right after the reset, get addresses of their own, none an earlier
     * host had. The pool's cursor went back to its start on a reset, so the first host after it got 10.0.0.2 again,
     * the address a forgotten host's live service still showed.
     */
    @Test
    void afterAResetNewHostsGetAddressesOfTheirOwnNoneAForgottenHostHad() throws Exception {
        Set<String> forgotten = new HashSet<>(addressesOf(createdHost(5)));
        assertThat(forgotten).hasSize(5);

        assertThat(http.postForEntity(url("/_control/reset"), null, Void.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        login(); // a reset ends the sessions too
        long account = ((Number) post("/vm/v3/account", Map.of("email", "after-reset@example.com", "password", "pw"))
                .getBody().get("id")).longValue();
        AtomicInteger names = new AtomicInteger();
        List<Object> hosts = AtOnce.run(8, () -> {
            ResponseEntity<Map> created = post("/vm/v3/host", Map.of("name", "after-reset-" + names.incrementAndGet(),
                    "password", "pw", "cluster", 1, "os", 1, "account", account, "cpu_number", 1, "ram_mib", 1024,
                    "hdd_mib", 10240, "ipv4_number", 2));
            assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.OK);
            return created.getBody().get("id");
        });

        List<String> handedOut = hosts.stream().flatMap(id -> addressesOf(get("/vm/v3/host/" + id)).stream())
                .toList();
        assertThat(handedOut).hasSize(16).doesNotHaveDuplicates().doesNotContainAnyElementsOf(forgotten);
    }

    private List<String> addressesOf(Map<String, Object> host) {
        return ((List<?>) get("/vm/v3/host/" + host.get("id") + "/ipv4").get("list")).stream()
                .map(ip -> (String) ((Map<?, ?>) ip).get("ip_addr")).toList();
    }

    private Map<String, Object> createdHost(int addresses) {
        long account = ((Number) post("/vm/v3/account",
                Map.of("email", "disk@example.com", "password", "pw")).getBody().get("id")).longValue();
        Map<String, Object> created = post("/vm/v3/host", Map.of("name", "h2", "password", "pw", "cluster", 1, "os", 1,
                "account", account, "cpu_number", 1, "ram_mib", 1024, "hdd_mib", 10240, "ipv4_number", addresses))
                .getBody();
        awaitTask((Number) created.get("task"));
        return get("/vm/v3/host/" + created.get("id"));
    }

    private void awaitTask(Number taskId) {
        Awaitility.await("task " + taskId + " to complete").atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> "complete".equals(((Map<?, ?>) ((List<?>) get("/vm/v3/task?where=(consul_id+EQ+"
                        + taskId + ")").get("list")).get(0)).get("status")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String path) {
        ResponseEntity<Map> answer = http.exchange(URI.create(url(path)), HttpMethod.GET, withToken(null), Map.class);
        assertThat(answer.getStatusCode()).as(path + " " + answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    @SuppressWarnings("unchecked")
    private ResponseEntity<Map> post(String path, Object body) {
        return http.exchange(URI.create(url(path)), HttpMethod.POST, withToken(body), Map.class);
    }

    private HttpEntity<Object> withToken(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-xsrf-token", token);
        return new HttpEntity<>(body, headers);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(ResponseEntity<Map> answer) {
        return (Map<String, Object>) answer.getBody().get("error");
    }

    private String url(String path) {
        return "http://localhost:" + port + "/simulator/vmmanager6" + path;
    }
}
