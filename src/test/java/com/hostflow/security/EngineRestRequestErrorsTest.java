package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Engine REST calls of staff and admins that name something nothing waits for: the engine REST's own error shape with
 * a 4xx and a message, never the engine's 500.
 */
@IntegrationTest
class EngineRestRequestErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A fully-qualified Java exception class name, e.g. org.camunda.bpm.engine.ProcessEngineException. */
    private static final String EXCEPTION_CLASS = "(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b";

    @Autowired
    TestRestTemplate http;
    @Autowired
    RepositoryService repository;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;

    SecurityFixtures f;

    @BeforeEach
    void users() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void conditionsNoProcessStartsOnAnswer400() throws Exception {
        String definition = repository.createProcessDefinitionQuery().latestVersion().list().get(0).getId();
        for (TestRestTemplate caller : callers()) {
            for (String body : List.of("{\"variables\":{\"hostflowNothingWaits\":{\"value\":1,\"type\":\"Integer\"}}}",
                    "{}", "{\"businessKey\":\"x\",\"variables\":{}}",
                    "{\"processDefinitionId\":\"" + definition + "\",\"variables\":{}}")) {
                ResponseEntity<String> answer = caller.exchange("/engine-rest/condition", HttpMethod.POST, json(body),
                        String.class);

                assertEngineRestError(answer, 400, body);
                assertThat(JSON.readTree(answer.getBody()).path("message").asText()).as(body)
                        .containsAnyOf("No subscriptions", "does not declare conditional start event");
            }
        }
    }

    /**
     * The engine REST's own answer, a RestException it builds from the engine's exception alone, whose message used to
     * begin with that exception's class name.
     */
    @Test
    void aMessageNothingWaitsForAnswers400WithTheEnginesMessage() throws Exception {
        for (TestRestTemplate caller : callers()) {
            ResponseEntity<String> answer = caller.exchange("/engine-rest/message", HttpMethod.POST,
                    json("{\"messageName\":\"hostflow-no-such-message\"}"), String.class);

            assertEngineRestError(answer, 400, "message");
            JsonNode error = JSON.readTree(answer.getBody());
            assertThat(error.path("type").asText()).isEqualTo("RestException");
            assertThat(error.path("message").asText()).isEqualTo("Cannot correlate message 'hostflow-no-such-message':"
                    + " No process definition or execution matches the parameters");
            assertThat(error.has("code")).as(answer.getBody()).isTrue();
        }
    }

    /** Requests the engine refuses, each answered with its message and no Java exception class named in it. */
    @Test
    void refusedRequestsNameNoExceptionClass() throws Exception {
        TestRestTemplate admin = callers().get(0);
        for (String[] call : new String[][] {
            {"POST", "/engine-rest/message", "{\"messageName\":\"x\",\"processInstanceId\":\"hostflow-none\"}"},
            {"POST", "/engine-rest/process-definition/key/hostflow-no-such-key/start", "{}"},
            {"POST", "/engine-rest/process-definition/key/ServiceOrderProcess/start",
                "{\"variables\":{\"x\":{\"value\":\"a\",\"type\":\"Integer\"}}}"},
            {"POST", "/engine-rest/task/hostflow-no-such-task/complete", "{}"},
            {"GET", "/engine-rest/task?sortBy=nope&sortOrder=asc", null},
            {"POST", "/engine-rest/task", "{\"sorting\":[{\"sortBy\":\"nope\",\"sortOrder\":\"asc\"}]}"},
            {"GET", "/engine-rest/task?dueAfter=notadate", null}}) {
            ResponseEntity<String> answer = admin.exchange(call[1], HttpMethod.valueOf(call[0]), json(call[2]),
                    String.class);

            assertThat(answer.getStatusCode().value()).as(call[1] + " " + answer.getBody()).isBetween(400, 499);
            assertEngineRestError(answer, answer.getStatusCode().value(), call[0] + " " + call[1]);
        }
    }

    /**
     * A client's mistake is answered 4xx and logged at most at DEBUG: the engine's ENGINE-16004 ERROR with a stack
     * trace came before the engine REST's answer for each of these (a message nothing waits for, an unknown job id,
     * variables of an instance that does not exist), and the engine REST's WARN for the two it answered 500 (an unknown
     * job's retries, a message triggered on an unknown execution, now 404 and 400).
     */
    @Test
    void aClientsMistakesAreAnsweredWithoutAnErrorOrWarningInTheLog() throws Exception {
        List<String> watched = List.of("org.camunda.bpm.engine.context", "org.camunda.bpm.engine.rest.exception");
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        watched.forEach(name -> logging.getLogger(name).addAppender(logged));
        try {
            TestRestTemplate admin = callers().get(0);
            for (String[] call : new String[][] {
                {"POST", "/engine-rest/message", "{\"messageName\":\"hostflow-nobody-waits\"}", "400"},
                {"POST", "/engine-rest/message", "{\"messageName\":\"Msg_PaymentReceived\",\"businessKey\":\"-1\"}",
                    "400"},
                {"PUT", "/engine-rest/job/hostflow-no-job/retries", "{\"retries\":1}", "404"},
                {"POST", "/engine-rest/job/hostflow-no-job/execute", null, "404"},
                {"PUT", "/engine-rest/job/hostflow-no-job/duedate", "{\"duedate\":\"2026-01-01T00:00:00.000+0000\"}",
                    "404"},
                {"POST", "/engine-rest/execution/hostflow-none/messageSubscriptions/x/trigger", "{}", "400"},
                {"POST", "/engine-rest/process-instance/hostflow-none/variables",
                    "{\"modifications\":{\"a\":{\"value\":1}}}", "400"},
                {"PUT", "/engine-rest/process-instance/hostflow-none/variables/a", "{\"value\":1}", "400"}}) {
                ResponseEntity<String> answer = admin.exchange(call[1], HttpMethod.valueOf(call[0]), json(call[2]),
                        String.class);

                assertEngineRestError(answer, Integer.parseInt(call[3]), call[0] + " " + call[1]);
            }
        } finally {
            watched.forEach(name -> logging.getLogger(name).detachAppender(logged));
        }

        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /**
     * The webapps' copy of the engine REST ({@code /camunda/api/engine}, Camunda's own Jersey application, reached
     * with a webapp login and its CSRF token) answers as {@code /engine-rest} does; it used to answer the engine's 500
     * for a condition nothing starts on.
     */
    @Test
    void theWebappsEngineRestAnswersTheSame() throws Exception {
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo(200);
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", f.staffUser, SecurityFixtures.PASSWORD)).isEqualTo(200);
        String engine = "/camunda/api/engine/engine/default";
        for (WebappSession session : List.of(cockpit, tasklist)) {
            for (String body : List.of("{}", "{\"variables\":{\"hostflowNothingWaits\":{\"value\":1,\"type\":\"Integer\"}}}")) {
                ResponseEntity<String> answer = session.exchange(HttpMethod.POST, engine + "/condition", body, true);

                assertEngineRestError(answer, 400, "webapps' condition " + body);
                JsonNode error = JSON.readTree(answer.getBody());
                assertThat(error.path("type").asText()).isEqualTo("InvalidRequestException");
                assertThat(error.path("message").asText()).startsWith("ENGINE-13043 No subscriptions");
            }
            ResponseEntity<String> message = session.exchange(HttpMethod.POST, engine + "/message",
                    "{\"messageName\":\"hostflow-no-such-message\"}", true);
            assertEngineRestError(message, 400, "webapps' message");
            assertThat(JSON.readTree(message.getBody()).path("message").asText())
                    .startsWith("Cannot correlate message 'hostflow-no-such-message'");
        }
        // what Cockpit and Tasklist read keeps working
        assertThat(cockpit.get(engine + "/process-definition/count").getStatusCode().value()).isEqualTo(200);
        assertThat(tasklist.get(engine + "/task").getStatusCode().value()).isEqualTo(200);
    }

    /** The engine REST's own check: "No signal name given". */
    @Test
    void aSignalWithoutABodyAnswers400() throws Exception {
        for (TestRestTemplate caller : callers()) {
            for (HttpEntity<String> request : List.of(json(null), json(""), json("{}"))) {
                ResponseEntity<String> answer = caller.exchange("/engine-rest/signal", HttpMethod.POST, request,
                        String.class);

                assertEngineRestError(answer, 400, "signal " + request.getBody());
            }
        }
    }

    /**
     * Requests that named something that does not exist, or sent a value the engine cannot take, which the engine REST
     * answered with 500: each is a 4xx in its own error shape, the message naming no Java class.
     */
    @Test
    void badInputAnswers4xxNot500() throws Exception {
        TestRestTemplate admin = callers().get(0);
        for (BadCall call : badCalls()) {
            ResponseEntity<String> answer = admin.exchange("/engine-rest" + call.path(), call.method(),
                    json(call.body()), String.class);

            assertBadCallAnswer(answer, call);
        }
    }

    /** The same requests on the webapps' copy of the engine REST, as Cockpit's admin. */
    @Test
    void theWebappsEngineRestAnswersBadInputTheSame() throws Exception {
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo(200);
        for (BadCall call : badCalls()) {
            ResponseEntity<String> answer = cockpit.exchange(call.method(),
                    "/camunda/api/engine/engine/default" + call.path(), call.body(), true);

            assertBadCallAnswer(answer, call);
        }
    }

    /**
     * Cockpit's own plugin API (a Jersey application of Camunda's, apart from the engine REST) pages its lists too:
     * {@code firstResult=-5} reached PostgreSQL's OFFSET (500, an ERROR logged), {@code maxResults=abc} was JAX-RS's
     * 404. Now the engine REST's 400 naming the parameter; a good page still answers, and no login still comes first.
     */
    @Test
    void cockpitsPluginApiRefusesBadPagingNamingTheParameter() throws Exception {
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo(200);
        String plugin = "/camunda/api/cockpit/plugin/base/default";
        for (String query : List.of("/incident?firstResult=-5", "/incident?maxResults=%2D1",
                "/process-definition/statistics?maxResults=abc", "/incident?firstResult=2147483648&maxResults=1",
                "/incident?maxResults=%zz")) {
            ResponseEntity<String> answer = cockpit.exchange(HttpMethod.GET, plugin + query, null, true);

            assertThat(answer.getStatusCode().value()).as(query).isEqualTo(400);
            assertThat(answer.getBody()).as(query).contains("InvalidRequestException")
                    .contains(query.contains("firstResult") ? "'firstResult'" : "'maxResults'");
        }
        assertThat(cockpit.exchange(HttpMethod.GET, plugin + "/incident?firstResult=0&maxResults=5", null, true)
                .getStatusCode().value()).isEqualTo(200);
        // a date or yes/no filter of the process instance search read from the query string was a 500
        // NullPointerException (the plugin's converters need a mapper only its POST body gets)
        for (String query : List.of("/process-instance/count?startedBefore=2026-01-01T00:00:00.000%2B0000",
                "/process-instance?startedAfter=abc", "/process-instance/count?withIncident=true")) {
            ResponseEntity<String> answer = cockpit.exchange(HttpMethod.GET, plugin + query, null, true);

            assertThat(answer.getStatusCode().value()).as(query).isEqualTo(400);
            assertThat(answer.getBody()).as(query).contains("InvalidRequestException").contains("POST")
                    .doesNotContain("NullPointerException");
        }
        assertThat(cockpit.exchange(HttpMethod.POST, plugin + "/process-instance/count",
                "{\"startedBefore\":\"2026-01-01T00:00:00.000+0000\",\"withIncident\":true}", true)
                .getStatusCode().value()).as("the same filters in a POST body").isEqualTo(200);
        assertThat(http.getForEntity(plugin + "/incident?firstResult=-5", String.class).getStatusCode().value())
                .as("no login").isIn(401, 403);
    }

    /**
     * Cockpit's plugin API is Camunda's own Jersey application: a body it could not read was Jackson's plain-text 400
     * naming Java types ("Cannot deserialize value of type `java.util.ArrayList<...>`"), a variable filter with an
     * object value a 500. Both are 400 in the engine REST's error shape, naming the field and no Java type.
     */
    @Test
    void cockpitsPluginApiRefusesABodyItCannotReadNamingTheField() throws Exception {
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo(200);
        String count = "/camunda/api/cockpit/plugin/base/default/process-instance/count";
        for (String[] body : new String[][] {
                {"{\"variables\":\"text\"}", "'variables'"},
                {"{\"withIncident\":{\"x\":1}}", "'withIncident'"},
                {"{\"variables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":{\"x\":1}}]}",
                        "'variables[0].value'"},
                {"{\"variables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":[1]}]}",
                        "'variables[0].value'"},
                {"{\"variables\":", "line 1"},
                // PostgreSQL cannot hold a NUL: the query failed in the database
                {"{\"variables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":\"x\\u0000\"}]}",
                        "variables.0.value: must not contain a NUL"},
                {"{\"processInstanceBusinessKeyLike\":\"1\\u0000\"}", "processInstanceBusinessKeyLike: must not"}}) {
            ResponseEntity<String> answer = cockpit.exchange(HttpMethod.POST, count, body[0], true);

            assertThat(answer.getStatusCode().value()).as("%s: %s", body[0], answer.getBody()).isEqualTo(400);
            assertThat(answer.getHeaders().getContentType()).as(body[0]).isNotNull();
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
                    .as(body[0]).isTrue();
            assertThat(answer.getBody()).as(body[0]).contains("InvalidRequestException").contains(body[1])
                    .doesNotContain("java.").doesNotContain("`");
        }
        assertThat(cockpit.exchange(HttpMethod.POST, count,
                "{\"variables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":\"x\"}]}", true)
                .getStatusCode().value()).as("a plain value filters").isEqualTo(200);
    }

    /** A task's id is the engine's key: a blank one made a task nobody could name in a path. */
    @Test
    void aTaskWithABlankIdIsRefused() throws Exception {
        TestRestTemplate admin = callers().get(0);
        for (String id : List.of("", "   ")) {
            ResponseEntity<String> answer = admin.exchange("/engine-rest/task/create", HttpMethod.POST,
                    json("{\"id\":\"" + id + "\",\"name\":\"hostflow blank id\"}"), String.class);

            assertBadCallAnswer(answer, new BadCall(HttpMethod.POST, "/task/create", null, 400, "id"));
        }
        assertThat(tasks.createTaskQuery().taskName("hostflow blank id").count()).isZero();
    }

    /**
     * A NUL in a form field a department member submits (found by a probe: {@code submit-form} of a failed operation
     * with a NUL (U+0000) in its comment answered 500 from the persistence layer), in any variable's value or name, or
     * an unpaired surrogate (PostgreSQL stored it as {@code ?}): 400 naming the field, on both copies, and the task
     * stays open without the variable.
     */
    @Test
    void aNulOrALoneSurrogateInATaskVariableIsRefusedNamingTheField() throws Exception {
        Task task = tasks.newTask();
        task.setName("hostflow nul variables");
        tasks.saveTask(task);
        try {
            String path = "/task/" + task.getId();
            List<BadCall> calls = List.of(
                    new BadCall(HttpMethod.POST, path + "/submit-form",
                            "{\"variables\":{\"comment\":{\"value\":\"a\\u0000b\"}}}", 400,
                            "variables.comment.value"),
                    new BadCall(HttpMethod.POST, path + "/complete",
                            "{\"variables\":{\"comment\":{\"value\":\"a\\ud800b\"}}}", 400,
                            "variables.comment.value"),
                    new BadCall(HttpMethod.POST, path + "/complete",
                            "{\"variables\":{\"a\\u0000b\":{\"value\":\"x\"}}}", 400, "variables"),
                    new BadCall(HttpMethod.PUT, path + "/variables/comment",
                            "{\"value\":\"" + "x".repeat(5000) + "\\u0000\",\"type\":\"String\"}", 400,
                            "value"),
                    new BadCall(HttpMethod.POST, path + "/variables",
                            "{\"modifications\":{\"comment\":{\"value\":\"\\u0000\"}}}", 400,
                            "modifications.comment.value"));
            TestRestTemplate admin = callers().get(0);
            for (BadCall call : calls) {
                assertBadCallAnswer(admin.exchange("/engine-rest" + call.path(), call.method(), json(call.body()),
                        String.class), call);
            }
            WebappSession tasklist = new WebappSession(http);
            assertThat(tasklist.login("tasklist", SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD))
                    .isEqualTo(200);
            assertBadCallAnswer(tasklist.exchange(HttpMethod.POST, "/camunda/api/engine/engine/default" + path
                    + "/submit-form", calls.get(0).body(), true), calls.get(0));

            assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).as("still open").isOne();
            assertThat(tasks.getVariables(task.getId())).isEmpty();
        } finally {
            tasks.deleteTask(task.getId(), true);
        }
    }

    /**
     * A number no double holds (found by a probe: {@code PUT /task/{id}/variables/x {"value":1e309,"type":"Double"}}
     * stored Infinity, as a String variable the text "Infinity"), or a Double given as a text that is no finite number,
     * in a variable's value or a variable filter: 400 naming the field, nothing stored or started. A filter's
     * {@code "value": null} stays: Camunda's {@code variableValueEquals(name, null)} selects the variables set to null.
     */
    @Test
    void aNumberNoDoubleHoldsIsRefusedNamingTheField() throws Exception {
        Task task = tasks.newTask();
        task.setName("hostflow double variables");
        tasks.saveTask(task);
        try {
            String path = "/task/" + task.getId();
            List<BadCall> calls = List.of(
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"value\":1e309,\"type\":\"Double\"}", 400,
                            "value: is a number no double holds"),
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"value\":-1e309}", 400, "value"),
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"type\":\"String\",\"value\":1e400}", 400,
                            "value"),
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"value\":1" + "0".repeat(400)
                            + ",\"type\":\"Double\"}", 400, "value"),
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"type\":\"double\",\"value\":\"1e309\"}",
                            400, "value: a Double must be a finite number"),
                    new BadCall(HttpMethod.PUT, path + "/variables/x", "{\"value\":\"NaN\",\"type\":\"Double\"}", 400,
                            "value"),
                    new BadCall(HttpMethod.POST, path + "/complete",
                            "{\"variables\":{\"x\":{\"value\":1e309,\"type\":\"Double\"}}}", 400, "variables.x.value"),
                    new BadCall(HttpMethod.POST, path + "/variables",
                            "{\"modifications\":{\"x\":{\"value\":\"Infinity\",\"type\":\"Double\"}}}", 400,
                            "modifications.x.value"),
                    new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                            "{\"variables\":{\"x\":{\"value\":1e309,\"type\":\"Double\"}}}", 400, "variables.x.value"),
                    new BadCall(HttpMethod.POST, "/message",
                            "{\"messageName\":\"m\",\"processVariables\":{\"x\":{\"value\":1e309}}}", 400,
                            "processVariables.x.value"),
                    new BadCall(HttpMethod.POST, "/process-instance",
                            "{\"variables\":[{\"name\":\"x\",\"operator\":\"eq\",\"value\":1e309}]}", 400,
                            "variables.0.value"));
            TestRestTemplate admin = callers().get(0);
            for (BadCall call : calls) {
                assertBadCallAnswer(admin.exchange("/engine-rest" + call.path(), call.method(), json(call.body()),
                        String.class), call);
            }
            assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).as("still open").isOne();
            assertThat(tasks.getVariables(task.getId())).isEmpty();

            assertThat(admin.exchange("/engine-rest" + path + "/variables/x", HttpMethod.PUT,
                    json("{\"value\":1.7976931348623157e308,\"type\":\"Double\"}"), String.class)
                    .getStatusCode().value()).as("the largest double").isEqualTo(204);
            assertThat(admin.exchange("/engine-rest" + path + "/variables/n", HttpMethod.PUT,
                    json("{\"value\":null}"), String.class).getStatusCode().value()).isEqualTo(204);
            JsonNode found = JSON.readTree(admin.exchange("/engine-rest/task", HttpMethod.POST,
                    json("{\"taskVariables\":[{\"name\":\"n\",\"operator\":\"eq\",\"value\":null}]}"), String.class)
                    .getBody());
            assertThat(found.findValuesAsText("id")).as("eq null finds the variable set to null")
                    .containsExactly(task.getId());
        } finally {
            tasks.deleteTask(task.getId(), true);
        }
    }

    /**
     * A process's task deleted, or put in a tenant, through the engine REST (found by a probe: both answered 500 with
     * the engine's message, "The task cannot be deleted because is part of a running process" and "ENGINE-13034
     * Cannot assign the task ... because it belongs to no authenticated tenant"): 400 with the message, on both copies,
     * for the department's staff and admins alike, and the task stays as it was.
     */
    @Test
    void aProcessTaskDeletedOrPutInATenantAnswers400() throws Exception {
        DepartmentStaff departments = new DepartmentStaff(identity, repository, runtime, tasks);
        try {
            String path = "/task/" + departments.task(f.staffDepartmentKey);
            List<BadCall> calls = List.of(
                    new BadCall(HttpMethod.DELETE, path, null, 400, "part of a running process"),
                    new BadCall(HttpMethod.PUT, path, "{\"name\":\"Handle it\",\"tenantId\":\"hostflow-t\"}", 400,
                            "no authenticated tenant"));
            for (TestRestTemplate caller : callers()) {
                assertBadCallAnswer(caller.exchange("/engine-rest" + path, HttpMethod.DELETE, null, String.class),
                        calls.get(0));
            }
            assertBadCallAnswer(callers().get(1).exchange("/engine-rest" + path, HttpMethod.PUT,
                    json(calls.get(1).body()), String.class), calls.get(1));
            WebappSession tasklist = new WebappSession(http);
            assertThat(tasklist.login("tasklist", f.staffUser, SecurityFixtures.PASSWORD)).isEqualTo(200);
            for (BadCall call : calls) {
                assertBadCallAnswer(tasklist.exchange(call.method(), "/camunda/api/engine/engine/default" + path,
                        call.body(), true), call);
            }

            Task task = tasks.createTaskQuery().taskId(path.substring("/task/".length())).singleResult();
            assertThat(task).as("still open").isNotNull();
            assertThat(task.getTenantId()).isNull();
        } finally {
            departments.undeploy();
        }
    }

    private static List<BadCall> badCalls() {
        String unknownFormat = "{\"x\":{\"value\":\"{}\",\"type\":\"Object\",\"valueInfo\":{"
                + "\"objectTypeName\":\"com.hostflow.NoSuchType\",\"serializationDataFormat\":\"application/json\"}}}";
        String javaSerialized = unknownFormat.replace("application/json", "application/x-java-serialized-object");
        String fetch = "/external-task/fetchAndLock";
        String topic = "{\"topicName\":\"t\",\"lockDuration\":10}";
        return List.of(
                // unknown ids in the path: the engine's NotFoundException / NullValueException, wrapped in a 500
                new BadCall(HttpMethod.POST, "/process-definition/hostflow-no-such-id/start", "{}", 404,
                        "hostflow-no-such-id"),
                new BadCall(HttpMethod.POST, "/process-definition/hostflow-no-such-id/submit-form", "{}", 404,
                        "hostflow-no-such-id"),
                new BadCall(HttpMethod.POST, "/task/hostflow-no-such-task/complete", "{}", 400,
                        "hostflow-no-such-task"),
                new BadCall(HttpMethod.POST, "/task/hostflow-no-such-task/claim", "{\"userId\":\"u\"}", 400,
                        "hostflow-no-such-task"),
                new BadCall(HttpMethod.GET, "/task/hostflow-no-such-task/variables/x", null, 400,
                        "hostflow-no-such-task"),
                new BadCall(HttpMethod.GET, "/process-instance/hostflow-none/variables/x", null, 400, "hostflow-none"),
                new BadCall(HttpMethod.PUT, "/process-instance/hostflow-none/variables/x",
                        "{\"value\":1,\"type\":\"Integer\"}", 400, "hostflow-none"),
                new BadCall(HttpMethod.POST, "/process-instance/hostflow-none/variables",
                        "{\"modifications\":" + unknownFormat + "}", 400, "hostflow-none"),
                new BadCall(HttpMethod.POST, "/execution/hostflow-none/signal", "{}", 400, "hostflow-none"),
                // values in the body the engine refuses
                new BadCall(HttpMethod.POST, "/signal", "{\"name\":\"x\",\"executionId\":\"hostflow-none\"}", 400,
                        "hostflow-none"),
                new BadCall(HttpMethod.POST, fetch, "{\"maxTasks\":1,\"topics\":[" + topic + "]}", 400, "workerId"),
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                        "{\"variables\":" + unknownFormat + "}", 400, "com.hostflow.NoSuchType"),
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                        "{\"variables\":" + javaSerialized + "}", 400, "Java serialization format is prohibited"),
                new BadCall(HttpMethod.PUT, "/job/hostflow-none/retries", "{\"retries\":-5}", 400,
                        "non-negative"),
                new BadCall(HttpMethod.POST, "/group/create", "{\"id\":\"\",\"name\":\"x\"}", 400,
                        "not a valid resource identifier"),
                new BadCall(HttpMethod.POST, "/authorization/create", "{\"type\":9,\"permissions\":[\"ALL\"],"
                        + "\"resourceType\":1,\"resourceId\":\"*\",\"userId\":\"x\"}", 400,
                        "Unrecognized authorization type"),
                new BadCall(HttpMethod.PUT, "/job/hostflow-none/duedate",
                        "{\"duedate\":\"2030-01-01T00:00:00.000+0000\"}", 404, "hostflow-none"),
                new BadCall(HttpMethod.POST, "/process-instance/hostflow-none/modification",
                        "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"x\"}]}", 400,
                        "hostflow-none"),
                new BadCall(HttpMethod.POST, "/external-task/hostflow-none/failure",
                        "{\"workerId\":\"w\",\"retries\":-1}", 400, "retries"),
                new BadCall(HttpMethod.POST, "/tenant/create", "{\"id\":\"t!\",\"name\":\"x\"}", 400,
                        "not a valid resource identifier"),
                new BadCall(HttpMethod.POST, "/task/create", "{\"id\":\"" + "t".repeat(80)
                        + "\",\"name\":\"too long\"}", 400, "longer than the engine can store"),
                // variables a HostFlow process's first step looks up, naming nothing (EngineRestMissingReferences)
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                        "{\"variables\":{\"serviceId\":{\"value\":999999999,\"type\":\"Long\"},"
                                + "\"orderId\":{\"value\":999999999,\"type\":\"Long\"}}}", 400,
                        "order 999999999 not found"),
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                        "{\"variables\":{\"serviceId\":{\"value\":\"abc\",\"type\":\"String\"},"
                                + "\"orderId\":{\"value\":\"abc\",\"type\":\"String\"}}}", 400, "not a number"),
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceDeletionProcess/start",
                        "{\"variables\":{\"serviceId\":{\"value\":999999999,\"type\":\"Long\"}}}", 400,
                        "not by hand"),
                new BadCall(HttpMethod.POST, "/process-definition/key/ParameterChangeProcess/start",
                        "{\"variables\":{\"serviceId\":{\"value\":999999999,\"type\":\"Long\"}}}", 400,
                        "999999999"),
                // a variable filter with an object value was a 500 and an ERROR logged (EngineRestEngineErrors)
                new BadCall(HttpMethod.POST, "/process-instance/count",
                        "{\"variables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":{\"x\":[1]}}]}", 400,
                        "Object values cannot be used to query"),
                // values in the body nothing checked (EngineRestBodyChecks)
                new BadCall(HttpMethod.POST, fetch,
                        "{\"workerId\":\"w\",\"maxTasks\":1,\"topics\":[{\"topicName\":\"t\"}]}", 400,
                        "topics[0].lockDuration"),
                new BadCall(HttpMethod.POST, fetch, "{\"workerId\":\"w\",\"maxTasks\":-1,\"topics\":[" + topic + "]}",
                        400, "maxTasks"),
                // paging below 0 went to PostgreSQL's LIMIT / OFFSET (a 500); one that is no int JAX-RS answered
                // with 404 "QueryParamException", as if the list were not there (EngineRestQueryParameters)
                new BadCall(HttpMethod.GET, "/task?maxResults=-5", null, 400, "'maxResults'"),
                new BadCall(HttpMethod.GET, "/process-instance?firstResult=-5", null, 400, "'firstResult'"),
                new BadCall(HttpMethod.POST, "/process-instance?maxResults=-2", "{}", 400, "'maxResults'"),
                new BadCall(HttpMethod.GET, "/history/process-instance?firstResult=-1", null, 400, "'firstResult'"),
                new BadCall(HttpMethod.GET, "/task?firstResult=abc", null, 400, "'firstResult'"),
                new BadCall(HttpMethod.GET, "/job?maxResults=1e3", null, 400, "'maxResults'"),
                new BadCall(HttpMethod.GET, "/history/process-instance?maxResults=2147483648", null, 400,
                        "'maxResults'"),
                // a priority with a fraction was read without it (tasks of priority 1 for 1.5), a metrics interval
                // below 1 listed nothing
                new BadCall(HttpMethod.GET, "/task?priority=1.5", null, 400, "'priority' to value '1.5'"),
                new BadCall(HttpMethod.GET, "/job?priorityHigherThanOrEquals=2.7", null, 400,
                        "'priorityHigherThanOrEquals'"),
                new BadCall(HttpMethod.GET, "/history/task?taskPriority=1e3", null, 400, "'taskPriority'"),
                new BadCall(HttpMethod.GET, "/metrics?interval=-5", null, 400, "seconds from 1"),
                new BadCall(HttpMethod.GET, "/metrics?interval=0", null, 400, "seconds from 1"),
                // yes/no parameters JAX-RS read as false unless "true"
                new BadCall(HttpMethod.GET, "/process-definition/key/ServiceOrderProcess/statistics?failedJobs=yes",
                        null, 400, "'failedJobs' to value 'yes': it must be true or false"),
                new BadCall(HttpMethod.GET, "/task/xyz/variables?deserializeValues=abc", null, 400,
                        "'deserializeValues'"),
                // query parameters that do not read: the message named the Java type ("Cannot convert value abc to
                // java type java.lang.Long"), now what the parameter takes
                new BadCall(HttpMethod.GET, "/metrics?interval=abc", null, 400, "abc to a whole number"),
                new BadCall(HttpMethod.GET, "/metrics/activity-instance-end/sum?startDate=abc", null, 400,
                        "to a date and time such as"),
                new BadCall(HttpMethod.GET, "/process-instance?active=abc", null, 400, "'active'"),
                new BadCall(HttpMethod.GET, "/process-instance/count?withIncident=abc", null, 400, "true or false"),
                new BadCall(HttpMethod.GET, "/task?priority=abc", null, 400, "'priority'"),
                new BadCall(HttpMethod.GET, "/task?created=abc", null, 400, "'created'"),
                new BadCall(HttpMethod.GET, "/history/process-instance?startedBefore=abc", null, 400,
                        "'startedBefore'"),
                new BadCall(HttpMethod.GET, "/history/task?taskPriority=abc", null, 400, "abc to a whole number"),
                new BadCall(HttpMethod.GET, "/deployment?after=abc", null, 400, "'after'"),
                new BadCall(HttpMethod.GET, "/history/process-instance/report?reportType=duration&periodUnit=x", null,
                        400, "one of [QUARTER, MONTH]"),
                new BadCall(HttpMethod.GET, "/job?dueDates=lt_abc", null, 400, "a date and time"),
                // JSON of the wrong shape, broken or too deep (EngineRestJsonErrors)
                new BadCall(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start",
                        "{\"variables\":\"notAnObject\"}", 400, "'variables'"),
                new BadCall(HttpMethod.POST, fetch, "{\"workerId\":\"w\",\"maxTasks\":\"x\",\"topics\":[]}", 400,
                        "'maxTasks'"),
                new BadCall(HttpMethod.POST, "/message", "{\"messageName\":\"m\",\"processVariables\":[1]}", 400,
                        "'processVariables'"),
                new BadCall(HttpMethod.POST, "/message", "{\"messageName\":\"m\",\"processVariables\":{", 400,
                        "not well-formed JSON (line 1, column"),
                new BadCall(HttpMethod.POST, "/message",
                        "{\"messageName\":\"m\",\"processVariables\":{\"x\":{\"value\":" + "[".repeat(1200)
                                + "]".repeat(1200) + "}}}", 400,
                        "'processVariables.x.value' is nested too deeply"));
    }

    private static void assertBadCallAnswer(ResponseEntity<String> answer, BadCall call) throws Exception {
        String what = call.method() + " " + call.path() + " "
                + (call.body() == null || call.body().length() < 200 ? call.body() : call.body().substring(0, 200));
        assertEngineRestError(answer, call.status(), what);
        String message = JSON.readTree(answer.getBody()).path("message").asText();
        assertThat(message).as(what).contains(call.named()).doesNotContain("org.camunda", "com.fasterxml", "java.",
                "Exception", "Dto");
    }

    /** A request with a bad part, the status it earns and what its answer's message names. */
    private record BadCall(HttpMethod method, String path, String body, int status, String named) {
    }

    private List<TestRestTemplate> callers() {
        return List.of(http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD),
                http.withBasicAuth(f.staffUser, SecurityFixtures.PASSWORD));
    }

    private static void assertEngineRestError(ResponseEntity<String> answer, int status, String what)
            throws Exception {
        assertThat(answer.getStatusCode().value()).as(what + " " + answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).as(what).isNotNull();
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).as(what)
                .isTrue();
        JsonNode error = JSON.readTree(answer.getBody());
        assertThat(error.path("type").asText()).as(what).isNotBlank().isNotEqualTo("ProcessEngineException");
        assertThat(error.path("message").asText()).as(what).isNotBlank().doesNotContainPattern(EXCEPTION_CLASS);
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
