package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import jakarta.validation.Validator;

/**
 * The OpenAPI document behind Swagger UI, as a user of Swagger UI needs it: a real title and version, HTTP Basic
 * (the Authorize button) on every operation, and every operation with a summary and a described feature tag. A new
 * endpoint without them fails here. Example bodies exist for orders, payments and the catalog, and every example
 * reads into its request type and passes its validation, so "Try it out" starts from a body the API accepts.
 */
@IntegrationTest
class OpenApiDocumentTest {

    /** Writes that must offer an example body. */
    private static final List<String> WRITES_WITH_EXAMPLES = List.of(
            "post /api/v1/datacenters", "put /api/v1/datacenters/{id}",
            "post /api/v1/departments", "put /api/v1/departments/{id}",
            "post /api/v1/providers", "put /api/v1/providers/{id}",
            "post /api/v1/processing-modules", "put /api/v1/processing-modules/{id}",
            "post /api/v1/product-types", "put /api/v1/product-types/{code}",
            "post /api/v1/tariff-groups", "put /api/v1/tariff-groups/{id}",
            "post /api/v1/tariffs", "put /api/v1/tariffs/{id}",
            "post /api/v1/calendars", "put /api/v1/calendars/{id}",
            "post /api/v1/orders", "post /api/v1/payments");

    @Autowired
    TestRestTemplate http;

    @Autowired
    BuildProperties build;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Autowired
    ObjectMapper objectMapper;

    @Autowired
    Validator validator;

    @Test
    void theDocumentSaysWhatItDescribesAndHowToLogIn() {
        JsonNode document = document();

        assertThat(document.at("/info/title").asText()).isEqualTo("HostFlow API");
        assertThat(document.at("/info/version").asText()).isEqualTo(build.getVersion());
        assertThat(document.at("/info/description").asText()).contains("HTTP Basic", "ADMIN", "STAFF", "CLIENT");
        JsonNode basic = document.at("/components/securitySchemes/basicAuth");
        assertThat(basic.path("type").asText()).isEqualTo("http");
        assertThat(basic.path("scheme").asText()).isEqualTo("basic");
        assertThat(document.path("security").findValues("basicAuth")).as("applied to every operation").hasSize(1);
    }

    @Test
    void everyOperationHasASummaryAndADescribedFeatureTag() {
        JsonNode document = document();
        Map<String, String> tagDescriptions = new HashMap<>();
        document.path("tags").forEach(tag -> tagDescriptions.put(tag.path("name").asText(),
                tag.path("description").asText("")));

        List<String> problems = new ArrayList<>();
        operations(document).forEach((key, operation) -> {
            if (operation.path("summary").asText("").isBlank()) {
                problems.add(key + ": no summary");
            }
            if (operation.path("tags").isEmpty()) {
                problems.add(key + ": no tag");
            }
            operation.path("tags").forEach(tag -> {
                String name = tag.asText();
                if (name.endsWith("-controller")) {
                    problems.add(key + ": tag '" + name + "' is a controller's name; add @Tag(name, description)");
                } else if (tagDescriptions.getOrDefault(name, "").isBlank()) {
                    problems.add(key + ": tag '" + name + "' has no description");
                }
            });
            if (operation.has("security") && operation.path("security").isEmpty()) {
                problems.add(key + ": opts out of HTTP Basic");
            }
        });

        assertThat(problems).isEmpty();
        assertThat(operations(document)).hasSizeGreaterThan(60);
        assertThat(tagDescriptions.keySet()).contains("Data centers", "Processing modules", "Product types", "Tariffs",
                "Clients", "Payments", "Orders", "Services", "Billing run", "Users", "Audit", "Dev clock");
    }

    @Test
    void ordersPaymentsAndTheCatalogOfferExampleBodies() {
        Map<String, JsonNode> operations = operations(document());

        for (String key : WRITES_WITH_EXAMPLES) {
            JsonNode json = operations.get(key).at("/requestBody/content/application~1json");
            assertThat(json.path("examples").size()).as("examples of %s", key).isPositive();
            assertThat(json.at("/schema/$ref").asText()).as("schema of %s", key).isNotBlank();
        }
        JsonNode order = operations.get("post /api/v1/orders").at("/requestBody/content/application~1json/examples");
        assertThat(order.findValue("value").path("params").path("os").asText()).isEqualTo("ubuntu-24.04");
    }

    /**
     * Every request body of the whole API offers an example in Swagger UI, not only the listed ones:
     * {@code POST /api/v1/calendars} had none while every other create had one.
     */
    @Test
    void everyRequestBodyOffersAnExample() {
        List<String> without = new ArrayList<>();
        operations(document()).forEach((key, operation) -> {
            JsonNode content = operation.at("/requestBody/content");
            if (content.isMissingNode()) {
                return;
            }
            boolean offered = false;
            for (JsonNode media : content) {
                offered |= media.path("examples").size() > 0 || media.has("example");
            }
            if (!offered) {
                without.add(key);
            }
        });

        assertThat(without).as("request bodies without an example").isEmpty();
    }

    @Test
    void statusCodesAndMoneyAreDocumentedAsTheyAreAnswered() {
        JsonNode document = document();
        Map<String, JsonNode> operations = operations(document);

        assertThat(operations.get("post /api/v1/orders").path("responses").has("201")).isTrue();
        assertThat(operations.get("post /api/v1/tariffs").path("responses").has("201")).isTrue();
        assertThat(operations.get("delete /api/v1/tariffs/{id}").path("responses").has("204")).isTrue();
        assertThat(operations.get("post /api/v1/services/{id}/suspend").path("responses").has("202")).isTrue();
        JsonNode sendNotification = operations.get("post /api/v1/clients/{clientId}/notifications").path("responses");
        assertThat(sendNotification.has("202")).as("a notification is queued, not created: %s", sendNotification)
                .isTrue();
        assertThat(sendNotification.has("201")).as("%s", sendNotification).isFalse();
        // accepted at once, and 200 for the same request sent again under its Idempotency-Key; nothing is created
        for (String keyed : List.of("post /api/v1/services/{id}/prolong", "post /api/v1/services/{id}/parameters",
                "post /api/v1/services/{id}/reset-password")) {
            JsonNode responses = operations.get(keyed).path("responses");
            assertThat(responses.has("202")).as(keyed).isTrue();
            assertThat(responses.path("200").path("description").asText()).as(keyed).contains("Idempotency-Key");
            assertThat(responses.path("202").path("content").isMissingNode()).as(keyed + " has a body").isFalse();
            assertThat(responses.has("201")).as(keyed).isFalse();
        }
        assertThat(document.at("/components/schemas/PaymentRequest/properties/amount/type").asText())
                .as("money is a decimal string").isEqualTo("string");
        // BILLING comes from the billing run, RESTART_FAILED from a start the module refused: 400 when asked for
        assertThat(document.at("/components/schemas/SuspendRequest/properties/reason/enum"))
                .extracting(JsonNode::asText).containsExactly("ADMIN", "ABUSE");
    }

    @Test
    void everyExampleBodyIsAcceptedByItsRequestType() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (HandlerMethod handler : handlerMapping.getHandlerMethods().values()) {
            Operation operation = handler.getMethodAnnotation(Operation.class);
            MethodParameter body = requestBody(handler);
            if (operation == null || body == null) {
                continue;
            }
            for (Content content : operation.requestBody().content()) {
                for (ExampleObject example : content.examples()) {
                    // a body read as text is the example's text as it stands (a password reset's "{}")
                    Object value = body.getParameterType() == String.class ? example.value()
                            : objectMapper.readValue(example.value(),
                                    objectMapper.constructType(body.getGenericParameterType()));
                    assertThat(validator.validate(value)).as("%s example '%s'", handler.getShortLogMessage(),
                            example.name()).isEmpty();
                    checked.add(handler.getShortLogMessage() + " " + example.name());
                }
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(WRITES_WITH_EXAMPLES.size());
    }

    @Test
    void catalogWritesDocumentIfMatchAndSingleEntriesTheirETag() {
        JsonNode document = document();
        Map<String, JsonNode> operations = operations(document);

        for (String write : List.of("put /api/v1/tariffs/{id}", "delete /api/v1/tariffs/{id}",
                "put /api/v1/product-types/{code}", "put /api/v1/calendars/{id}", "put /api/v1/clients/{id}",
                "put /api/v1/users/{username}", "delete /api/v1/users/{username}")) {
            JsonNode operation = operations.get(write);
            assertThat(operation.path("parameters").findValuesAsText("name")).as(write).contains("If-Match")
                    .doesNotContain("ifMatch");
            assertThat(operation.path("responses").has("412")).as(write).isTrue();
        }
        for (String single : List.of("get /api/v1/tariffs/{id}", "put /api/v1/tariffs/{id}",
                "post /api/v1/tariffs", "get /api/v1/datacenters/{id}", "get /api/v1/users/{username}")) {
            JsonNode ok = operations.get(single).path("responses");
            assertThat(ok.path(ok.has("201") ? "201" : "200").path("headers").has("ETag")).as(single).isTrue();
        }
        assertThat(operations.get("get /api/v1/tariffs").at("/responses/200/headers").isMissingNode())
                .as("a list has no ETag").isTrue();
        for (String view : List.of("TariffView", "StaffUser")) {
            JsonNode properties = document.at("/components/schemas/" + view + "/properties");
            assertThat(properties.size()).as(view).isPositive();
            assertThat(properties.has("version")).as("the version travels in the header only").isFalse();
        }
    }

    @Test
    void everyCreateDocumentsItsIdempotencyKeyAndTheAnswerOfARequestSentAgain() {
        Map<String, JsonNode> operations = operations(document());
        // a notification is queued (202), not created: its 200 is the one of a request sent again all the same
        String notification = "post /api/v1/clients/{clientId}/notifications";

        List<String> creates = operations.entrySet().stream().filter(operation -> operation.getKey().startsWith(
                "post /api/v1/") && operation.getValue().path("responses").has("201")).map(Map.Entry::getKey).toList();
        assertThat(creates).contains("post /api/v1/datacenters", "post /api/v1/departments", "post /api/v1/providers",
                "post /api/v1/processing-modules", "post /api/v1/product-types", "post /api/v1/tariff-groups",
                "post /api/v1/tariffs", "post /api/v1/calendars", "post /api/v1/clients", "post /api/v1/users",
                "post /api/v1/orders", "post /api/v1/payments");
        JsonNode queued = operations.get(notification);
        assertThat(queued.at("/responses/202/content")).isNotEmpty();
        assertThat(queued.at("/responses/200/content")).as(notification + "'s 200 has the notification")
                .isEqualTo(queued.at("/responses/202/content"));
        assertThat(queued.at("/responses/200/description").asText()).contains("Idempotency-Key");
        assertThat(queued.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        for (String create : creates) {
            JsonNode operation = operations.get(create);
            assertThat(operation.path("parameters").findValuesAsText("name")).as(create).contains("Idempotency-Key");
            assertThat(operation.at("/responses/200/description").asText()).as(create).contains("Idempotency-Key");
            assertThat(operation.at("/responses/200/content")).as(create + "'s 200 has the entry")
                    .isEqualTo(operation.at("/responses/201/content"));
        }
    }

    private JsonNode document() {
        ResponseEntity<JsonNode> answer = http.getForEntity("/v3/api-docs", JsonNode.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /** "method path" → operation. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(
                    method -> operations.put(method.getKey() + " " + path.getKey(), method.getValue()));
        }
        return operations;
    }

    private static MethodParameter requestBody(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
                return parameter;
            }
        }
        return null;
    }
}
