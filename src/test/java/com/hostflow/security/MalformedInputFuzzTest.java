package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.hostflow.support.IntegrationTest;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Walks every operation of the OpenAPI document with malformed input, as the admin and as a client, and fails on
 * any 5xx and on any error answer that is not a problem JSON with a message. Inputs: bad path ids ({@code %2e%2e},
 * {@code %00}, huge, negative, long), bad query values, and bodies with unknown fields, duplicated keys, wrong types,
 * nulls, huge numbers, long and odd strings (NUL, line breaks, surrogates), broken JSON, deep nesting and wrong
 * content types. Every write carries at least one mutation the server must refuse, so the fuzzing changes nothing
 * in the shared test database.
 *
 * <p>jqwik property on the integration tests' shared Spring context. A longer run:
 * {@code ./mvnw -B test -Dtest=MalformedInputFuzzTest -Djqwik.tries.default=20000}.
 */
class MalformedInputFuzzTest {

    /** Carries {@link IntegrationTest}, so the jqwik test gets the very context the Jupiter tests share. */
    @IntegrationTest
    static class SharedContext {
    }

    enum Role {
        ADMIN, CLIENT
    }

    /** What is wrong with a request. The first four are refused whatever else the request carries. */
    enum Mutation {
        BAD_PATH_ID, UNKNOWN_FIELD, DUPLICATED_KEY, BROKEN_JSON,
        WRONG_TYPE, NULL_FIELD, HUGE_NUMBER, LONG_STRING, ODD_STRING, WRONG_CONTENT_TYPE, BAD_QUERY;

        static final Set<Mutation> ALWAYS_REFUSED = EnumSet.of(BAD_PATH_ID, UNKNOWN_FIELD, DUPLICATED_KEY,
                BROKEN_JSON);
    }

    record Operation(String method, String path, List<String> pathParameters, Map<String, JsonNode> query,
            JsonNode bodySchema) {

        String key() {
            return method + " " + path;
        }

        boolean refusable(Mutation mutation) {
            return switch (mutation) {
                case BAD_PATH_ID -> !pathParameters.isEmpty();
                case UNKNOWN_FIELD, DUPLICATED_KEY, BROKEN_JSON -> bodySchema != null;
                default -> false;
            };
        }
    }

    record FuzzRequest(Operation operation, Role role, Mutation mutation, Mutation extra, long seed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    static final List<String> BAD_IDS = List.of("-1", "0", "abc", "1.5", "99999999999999999999", "9223372036854775807",
            "%2e%2e", "%0d%0a", "%25", "%00", "%zz", "%2F", "%5C", ";x", "%E2%82%AC", "%F0%9F%92%A5", "%C0%AE", "null",
            "1%20OR%201=1", "a".repeat(3000), "%20", "~", "x%27");
    static final List<String> BAD_QUERY_VALUES = List.of("abc", "-1", "99999999999999999999", "%00", "%25", "1e400",
            "", "2024-13-45", "true", "%0d%0a", "x".repeat(2000), "%E2%82%AC", "null", "%zz");
    static final List<String> ODD_STRINGS = List.of("\u0000", "a\u0000b", "\r\n", "\u202Eevil", "\uD83D\uDCA5", "\uD800",
            "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", " ", "", "\uFEFF",
            "null", "%00", "\t\b\f");
    static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "99999999999999999999999999999999999",
            "1" + "0".repeat(1500), "0.00000000000000000000000000000000001", "-0", "1e-400", "123456789012345678.99",
            "-9223372036854775809", "2147483648");
    static final List<String> BROKEN_BODIES = List.of("", "{", "{\"a\":", "[", "null", "[]", "42", "\"text\"",
            "{'single':'quotes'}", "{\"a\":1,}", "[".repeat(3000), "{\"a\":".repeat(3000), "\u0000", "not json",
            "{}{}", "{\"\u0000\":1}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":0x10}");
    static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=ebcdic",
            "???", "application/json; charset=UTF-16");

    static String baseUrl;
    static SecurityFixtures fixtures;
    static List<Operation> operations;
    static JsonNode schemas;
    static int lastStatus;

    @BeforeContainer
    static void bootSharedContext() throws Exception {
        ApplicationContext context = new TestContextManager(SharedContext.class).getTestContext()
                .getApplicationContext();
        baseUrl = "http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port");
        TestRestTemplate http = context.getBean(TestRestTemplate.class);
        fixtures = SecurityFixtures.create(http);
        fixtures.orderServiceForA();
        JsonNode docs = JSON.readTree(http.getForObject("/v3/api-docs", String.class));
        schemas = docs.path("components").path("schemas");
        operations = operations(docs);
    }

    /** Every operation, once per always-refused mutation it can carry and once per role. */
    @Example
    void everyOperationRefusesEachKindOfMalformedInputClearly() throws Exception {
        assertThat(operations).as("the OpenAPI document lists the API").hasSizeGreaterThan(30);
        List<String> failures = new ArrayList<>();
        int refused = 0;
        long seed = 1;
        for (Operation operation : operations) {
            for (Mutation mutation : Mutation.values()) {
                if (!Mutation.ALWAYS_REFUSED.contains(mutation) && !operation.method().equals("GET")) {
                    continue;
                }
                if (Mutation.ALWAYS_REFUSED.contains(mutation) && !operation.refusable(mutation)) {
                    continue;
                }
                for (Role role : Role.values()) {
                    FuzzRequest request = new FuzzRequest(operation, role, mutation, null, seed++);
                    String failure = check(request);
                    if (failure != null) {
                        failures.add(failure);
                    } else if (Mutation.ALWAYS_REFUSED.contains(mutation) && lastStatus >= 400) {
                        refused++;
                    }
                }
            }
        }
        assertThat(failures).as("answers to malformed input that are 5xx or not a problem with a message").isEmpty();
        assertThat(refused).as("malformed requests answered 4xx").isGreaterThan(3 * operations.size());
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void anyMalformedInputGetsA4xxProblemWithAMessage(@ForAll("requests") FuzzRequest request) throws Exception {
        String failure = check(request);
        assertThat(failure).as("answer to %s", request).isNull();
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return Combinators.combine(Arbitraries.of(operations), Arbitraries.of(Role.class),
                Arbitraries.of(Mutation.class), Arbitraries.of(Mutation.class).injectNull(0.5),
                Arbitraries.longs()).as(MalformedInputFuzzTest::refusedWhenWriting);
    }

    /** A write always carries one mutation the server must refuse; an operation that can carry none goes as client. */
    private static FuzzRequest refusedWhenWriting(Operation operation, Role role, Mutation mutation, Mutation extra,
            long seed) {
        if (operation.method().equals("GET") || Mutation.ALWAYS_REFUSED.contains(mutation)
                && operation.refusable(mutation)) {
            return new FuzzRequest(operation, role, mutation, extra, seed);
        }
        for (Mutation refused : Mutation.ALWAYS_REFUSED) {
            if (operation.refusable(refused)) {
                return new FuzzRequest(operation, role, refused, mutation, seed);
            }
        }
        return new FuzzRequest(operation, Role.CLIENT, mutation, extra, seed);
    }

    /** Sends the request; answers a description of what is wrong with the answer, or null. */
    private static String check(FuzzRequest request) throws Exception {
        Random random = new Random(request.seed());
        Operation operation = request.operation();
        Set<Mutation> mutations = request.extra() == null ? EnumSet.of(request.mutation())
                : EnumSet.of(request.mutation(), request.extra());

        String url = baseUrl + path(operation, mutations.contains(Mutation.BAD_PATH_ID), random)
                + query(operation, mutations.contains(Mutation.BAD_QUERY), random);
        String body = operation.bodySchema() == null && !mutations.contains(Mutation.BROKEN_JSON) ? null
                : body(operation, mutations, random);
        String contentType = mutations.contains(Mutation.WRONG_CONTENT_TYPE)
                ? CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())) : "application/json";

        RawAnswer response = send(operation.method(), url, request.role(), body, contentType);
        lastStatus = response.status();
        String problem = judge(response);
        if (problem == null) {
            return null;
        }
        return String.format("%s as %s with %s: %s%n  url: %s%n  body: %s", operation.key(), request.role(),
                mutations, problem, abbreviate(url), abbreviate(String.valueOf(body)));
    }

    private static String judge(RawAnswer response) {
        int status = response.status();
        String body = response.body();
        if (status >= 500) {
            return status + " " + abbreviate(body);
        }
        if (status < 400) {
            return null;
        }
        String type = response.contentType();
        if (!type.startsWith("application/problem+json")) {
            return status + " with Content-Type '" + type + "': " + abbreviate(body);
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem == null || !problem.path("detail").isTextual() || problem.path("detail").asText().isBlank()
                    || problem.path("status").asInt() != status) {
                return status + " without a detail or with another status: " + abbreviate(body);
            }
            if (body.contains("Exception") || body.contains("com.hostflow.") || body.contains("java.")
                    || body.contains("org.springframework")) {
                return status + " naming classes: " + abbreviate(body);
            }
        } catch (java.io.IOException e) {
            return status + " not JSON: " + abbreviate(body);
        }
        return null;
    }

    record RawAnswer(int status, String contentType, String body) {
    }

    /**
     * HTTP/1.0 over a plain socket: the path goes out byte for byte (a Java HTTP client refuses or re-encodes
     * {@code %zz} and friends), and the answer is delimited by the closing connection, never chunked.
     */
    private static RawAnswer send(String method, String url, Role role, String body, String contentType)
            throws java.io.IOException {
        URI base = URI.create(baseUrl);
        String target = url.substring(baseUrl.length());
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.0\r\n")
                .append("Host: localhost:").append(base.getPort()).append("\r\n")
                .append("Authorization: ").append(basic(role)).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String headers = end < 0 ? answer : answer.substring(0, end);
            String[] statusLine = headers.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            String type = headers.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring("content-type:".length()).trim()).findFirst().orElse("");
            return new RawAnswer(status, type, end < 0 ? "" : answer.substring(end + 4));
        }
    }

    // --- building requests

    private static String path(Operation operation, boolean badIds, Random random) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = badIds ? BAD_IDS.get(random.nextInt(BAD_IDS.size())) : fixtureFor(operation.path());
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String query(Operation operation, boolean bad, Random random) {
        if (operation.query().isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        for (String name : operation.query().keySet()) {
            if (bad ? random.nextInt(3) == 0 : random.nextInt(4) != 0) {
                continue;
            }
            query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                    .append(bad ? BAD_QUERY_VALUES.get(random.nextInt(BAD_QUERY_VALUES.size()))
                            : validQueryValue(name, operation.query().get(name)));
        }
        if (bad && query.isEmpty()) {
            String name = operation.query().keySet().iterator().next();
            query.append('?').append(name).append('=').append(BAD_QUERY_VALUES.get(random.nextInt(
                    BAD_QUERY_VALUES.size())));
        }
        return query.toString();
    }

    private static String validQueryValue(String name, JsonNode schema) {
        if (name.equals("clientId")) {
            return String.valueOf(fixtures.clientA);
        }
        return switch (schema.path("type").asText()) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            default -> schema.path("enum").isArray() && !schema.path("enum").isEmpty()
                    ? schema.path("enum").get(0).asText() : "x";
        };
    }

    private static String body(Operation operation, Set<Mutation> mutations, Random random) throws Exception {
        if (mutations.contains(Mutation.BROKEN_JSON)) {
            return BROKEN_BODIES.get(random.nextInt(BROKEN_BODIES.size()));
        }
        Object sample = sample(operation.bodySchema(), 0);
        Map<String, Object> root = sample instanceof Map<?, ?> map ? castMap(map) : new LinkedHashMap<>();
        for (Mutation mutation : mutations) {
            switch (mutation) {
                case UNKNOWN_FIELD -> root.put("unknownFuzzField" + random.nextInt(1000), "x");
                case WRONG_TYPE -> mutateLeaf(root, random, schemaType -> switch (schemaType) {
                    case "string" -> Map.of("nested", 1);
                    case "integer", "number", "boolean" -> "not-a-" + schemaType;
                    default -> List.of("x", 1);
                });
                case NULL_FIELD -> mutateLeaf(root, random, schemaType -> null);
                case HUGE_NUMBER -> mutateLeaf(root, random,
                        schemaType -> new RawValue(HUGE_NUMBERS.get(random.nextInt(HUGE_NUMBERS.size()))));
                case LONG_STRING -> mutateLeaf(root, random,
                        schemaType -> "x".repeat(List.of(256, 5_000, 100_000).get(random.nextInt(3))));
                case ODD_STRING -> mutateLeaf(root, random,
                        schemaType -> ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size())));
                default -> {
                    // path, query and content type are mutated elsewhere
                }
            }
        }
        String json = JSON.writeValueAsString(root);
        if (mutations.contains(Mutation.DUPLICATED_KEY)) {
            String key = root.isEmpty() ? "duplicated" : root.keySet().iterator().next();
            String pair = JSON.writeValueAsString(key) + ":" + JSON.writeValueAsString(root.isEmpty() ? 1 : root.get(key));
            json = root.isEmpty() ? "{" + pair + "," + pair + "}" : "{" + pair + "," + json.substring(1);
        }
        return json;
    }

    /** Replaces one value somewhere in the body (top level or nested) by what {@code replacement} makes of its type. */
    private static void mutateLeaf(Map<String, Object> root, Random random,
            java.util.function.Function<String, Object> replacement) {
        if (root.isEmpty()) {
            root.put("fuzz", replacement.apply("string"));
            return;
        }
        Map<String, Object> target = root;
        for (int depth = 0; depth < 3; depth++) {
            List<String> keys = new ArrayList<>(target.keySet());
            String key = keys.get(random.nextInt(keys.size()));
            Object value = target.get(key);
            Object nested = value instanceof List<?> list && !list.isEmpty() ? list.get(0) : value;
            if (nested instanceof Map<?, ?> map && !map.isEmpty() && random.nextBoolean()) {
                target = castMap(map);
                continue;
            }
            target.put(key, replacement.apply(typeOf(value)));
            return;
        }
        String key = target.keySet().iterator().next();
        target.put(key, replacement.apply(typeOf(target.get(key))));
    }

    private static String typeOf(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "object";
    }

    /** A plausible value for a schema: the base every mutation starts from. */
    private static Object sample(JsonNode schema, int depth) {
        if (schema == null || depth > 4) {
            return null;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return sample(schemas.get(name), depth + 1);
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return JSON.convertValue(schema.path("enum").get(0), Object.class);
        }
        switch (schema.path("type").asText("object")) {
            case "string":
                return "date-time".equals(schema.path("format").asText()) ? "2030-01-01T00:00:00Z" : "fuzz";
            case "integer":
            case "number":
                return 1;
            case "boolean":
                return true;
            case "array":
                Object item = sample(schema.get("items"), depth + 1);
                return item == null ? new ArrayList<>() : new ArrayList<>(List.of(item));
            default:
                Map<String, Object> object = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    object.put(property.getKey(), sample(property.getValue(), depth + 1));
                }
                if (schema.path("additionalProperties").isObject()) {
                    object.put("ram", sample(schema.get("additionalProperties"), depth + 1));
                }
                return object;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static String fixtureFor(String path) {
        String resource = path.substring("/api/v1/".length()).split("/")[0];
        return String.valueOf(switch (resource) {
            case "clients" -> fixtures.clientA;
            case "payments" -> fixtures.paymentA;
            case "services" -> fixtures.serviceA;
            case "orders" -> fixtures.orderA == null ? 1 : fixtures.orderA;
            case "datacenters" -> fixtures.dataCenterId;
            case "departments" -> fixtures.moduleDepartmentId;
            case "providers" -> fixtures.providerId;
            case "processing-modules" -> fixtures.moduleId;
            case "module-types" -> "manual";
            case "product-types" -> fixtures.productTypeCode;
            case "tariff-groups" -> fixtures.tariffGroupId;
            case "tariffs" -> fixtures.tariffId;
            case "users" -> fixtures.staffUser;
            default -> 1;
        });
    }

    private static String basic(Role role) {
        String login = role == Role.ADMIN ? SecurityFixtures.ADMIN + ":" + SecurityFixtures.ADMIN_PASSWORD
                : fixtures.clientAEmail + ":" + SecurityFixtures.PASSWORD;
        return "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Operation> operations(JsonNode docs) {
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = docs.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                List<String> pathParameters = new ArrayList<>();
                Map<String, JsonNode> query = new LinkedHashMap<>();
                op.getValue().path("parameters").forEach(p -> {
                    if ("path".equals(p.path("in").asText())) {
                        pathParameters.add(p.path("name").asText());
                    } else if ("query".equals(p.path("in").asText())) {
                        query.put(p.path("name").asText(), p.path("schema"));
                    }
                });
                JsonNode content = op.getValue().path("requestBody").path("content");
                JsonNode bodySchema = content.isMissingNode() || content.isEmpty() ? null
                        : content.elements().next().path("schema");
                found.add(new Operation(op.getKey().toUpperCase(), path.getKey(), pathParameters, query,
                        bodySchema));
            }
        }
        return found;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
