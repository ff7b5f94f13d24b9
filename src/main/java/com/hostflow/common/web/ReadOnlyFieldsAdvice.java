package com.hostflow.common.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code PUT} of exactly what the {@code GET} of the same resource returned is accepted: fields the resource shows
 * but its form does not take ({@code id}, {@code createdAt}, {@code integration.passwordSet}, ...) are read-only.
 * They may be absent or equal to the stored values, and are then dropped before the form is read; a different value
 * is a 400 naming the field. Fields neither the form nor the resource has stay and are refused as unknown. The rest
 * of the body reaches the form token by token as sent.
 */
@ControllerAdvice(basePackages = "com.hostflow")
class ReadOnlyFieldsAdvice extends RequestBodyAdviceAdapter {

    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isNumber() && b.isTextual() || a.isTextual() && b.isNumber()) {
            return sameDecimal(a.asText(), b.asText()) ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private final ObjectMapper json;
    /**
     * The body as a tree to compare read-only fields with the stored values: a number read exactly, not as the
     * nearest double ({@code "id": 1e400} is no id, not Infinity). The form reads the body as sent, not this tree.
     */
    private final ObjectReader exactTree;
    private final ApplicationContext context;
    /** (controller, handler method) → the GET it mirrors: a handler's annotations never change at run time */
    private final Map<List<Object>, Optional<Method>> readers = new ConcurrentHashMap<>();

    ReadOnlyFieldsAdvice(ObjectMapper json, ApplicationContext context) {
        this.json = json;
        this.exactTree = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.context = context;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        // the cached PUT check first: asked for every request body, and most bodies are not PUTs
        return MappingJackson2HttpMessageConverter.class.isAssignableFrom(converterType)
                && readerOf(parameter).isPresent() && isForm(json.constructType(targetType));
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = message.getBody().readAllBytes();
        JsonNode request;
        try {
            request = exactTree.readTree(body);
        } catch (IOException e) {
            return replay(message, body); // the converter reports what is wrong with it
        }
        Optional<JsonNode> stored = readerOf(parameter).flatMap(this::currentView);
        if (!(request instanceof ObjectNode object) || stored.isEmpty()) {
            return replay(message, body);
        }
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> readOnly = new HashSet<>();
        dropReadOnly(object, stored.get(), json.constructType(targetType), "", "", problems, readOnly);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return replay(message, readOnly.isEmpty() ? body : without(body, readOnly));
    }

    /**
     * The body token by token as sent, without the fields at the given JSON pointers: a number keeps its text
     * ({@code 7e0}, {@code -0}, {@code 1e400}, a price with 18 decimals), so the form refuses on a PUT what it refuses
     * on a POST. Written from a tree, {@code 7e0} came to the form as 7 and was stored. Text is written escaped
     * outside ASCII, so a lone surrogate reaches the form's check as sent.
     */
    private byte[] without(byte[] body, Set<String> pointers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        try (JsonParser parser = json.getFactory().createParser(body);
                JsonGenerator generator = json.getFactory().createGenerator(out)
                        .enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME
                        && pointers.contains(parser.getParsingContext().pathAsPointer().toString())) {
                    parser.nextToken();
                    parser.skipChildren();
                } else if (token.isNumeric()) {
                    generator.writeNumber(parser.getText());
                } else if (token == JsonToken.VALUE_STRING) {
                    generator.writeString(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        }
        return out.toByteArray();
    }

    private void dropReadOnly(ObjectNode request, JsonNode stored, JavaType formType, String prefix, String pointer,
            List<FieldProblem> problems, Set<String> readOnly) {
        Map<String, JavaType> form = properties(formType);
        for (String name : names(request)) {
            JsonNode value = request.get(name);
            String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
            if (!form.containsKey(name)) {
                if (stored.has(name)) {
                    if (!value.equals(SAME_VALUE, stored.get(name))) {
                        problems.add(new FieldProblem(prefix + name,
                                "is read-only; leave it out or send the stored value " + stored.get(name)));
                    }
                    readOnly.add(at);
                }
                continue;
            }
            JavaType type = form.get(name);
            if (value instanceof ObjectNode nested && stored.path(name).isObject() && !type.isMapLikeType()) {
                dropReadOnly(nested, stored.get(name), type, prefix + name + ".", at, problems, readOnly);
            } else if (value instanceof ArrayNode items && stored.path(name).isArray()
                    && type.getContentType() != null && !type.getContentType().isMapLikeType()) {
                for (int i = 0; i < Math.min(items.size(), stored.get(name).size()); i++) {
                    if (items.get(i) instanceof ObjectNode item && stored.get(name).get(i).isObject()) {
                        dropReadOnly(item, stored.get(name).get(i), type.getContentType(),
                                prefix + name + "[" + i + "].", at + "/" + i, problems, readOnly);
                    }
                }
            }
        }
    }

    /** A record or bean with named properties: a body read as a tree or a map has no read-only fields. */
    private boolean isForm(JavaType type) {
        return !type.isContainerType() && !type.isPrimitive() && !JsonNode.class.isAssignableFrom(type.getRawClass())
                && !ClassUtils.isSimpleValueType(type.getRawClass()) && !type.getRawClass().getName().startsWith("java.")
                && !properties(type).isEmpty();
    }

    private Map<String, JavaType> properties(JavaType type) {
        if (type.isContainerType() || type.isPrimitive() || ClassUtils.isSimpleValueType(type.getRawClass())) {
            return Map.of();
        }
        BeanDescription description = json.getDeserializationConfig().introspect(type);
        return description.findProperties().stream().collect(Collectors.toMap(BeanPropertyDefinition::getName,
                BeanPropertyDefinition::getPrimaryType, (a, b) -> a));
    }

    /** The GET handler of the same controller and path as this PUT handler, if it takes path variables only. */
    private Optional<Method> readerOf(MethodParameter parameter) {
        Method handler = parameter.getMethod();
        Class<?> controller = parameter.getContainingClass();
        return handler == null ? Optional.empty()
                : readers.computeIfAbsent(List.of(controller, handler), key -> findReader(handler, controller));
    }

    private static Optional<Method> findReader(Method put, Class<?> containingClass) {
        PutMapping putMapping = AnnotatedElementUtils.findMergedAnnotation(put, PutMapping.class);
        if (putMapping == null) {
            return Optional.empty();
        }
        Set<String> paths = Set.of(putMapping.path());
        Class<?> controller = ClassUtils.getUserClass(containingClass);
        return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(controller))
                .filter(m -> {
                    GetMapping get = AnnotatedElementUtils.findMergedAnnotation(m, GetMapping.class);
                    return get != null && Set.of(get.path()).equals(paths);
                })
                .filter(m -> Arrays.stream(m.getParameters()).allMatch(p -> p.isAnnotationPresent(PathVariable.class)))
                .findFirst();
    }

    /** What the GET answers now; empty when it cannot (unknown id: the PUT then answers for itself). */
    private Optional<JsonNode> currentView(Method get) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) RequestContextHolder.currentRequestAttributes()
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (variables == null) {
            return Optional.empty();
        }
        Object[] arguments = new Object[get.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
            MethodParameter parameter = new MethodParameter(get, i);
            parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
            PathVariable annotation = parameter.getParameterAnnotation(PathVariable.class);
            String name = annotation != null && !annotation.name().isEmpty() ? annotation.name()
                    : parameter.getParameterName();
            String value = variables.get(name);
            if (value == null) {
                return Optional.empty();
            }
            try {
                arguments[i] = DefaultConversionService.getSharedInstance().convert(value, parameter.getParameterType());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        try {
            ReflectionUtils.makeAccessible(get);
            Object bean = context.getBean(get.getDeclaringClass());
            Object view = get.invoke(bean, arguments);
            if (view instanceof ResponseEntity<?> entity) {
                view = entity.getBody();
            }
            return Optional.ofNullable(view).map(json::valueToTree);
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean sameDecimal(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> names(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpInputMessage replay(HttpInputMessage original, byte[] body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return original.getHeaders();
            }
        };
    }
}
