package com.hostflow.modules.vmmanager6;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleTechnicalException;

import feign.Client;
import feign.Contract;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import feign.Util;
import feign.codec.DecodeException;
import feign.codec.Decoder;
import feign.codec.Encoder;
import feign.codec.ErrorDecoder;

/**
 * Feign clients for VMmanager 6, one per base URL (modules differ in URL, so clients are built at call time and
 * cached), and the session tokens, one per URL and user. {@link #call} logs in when there is no token and once more
 * when VMmanager answers 401 or error 1000. Transport failures, 5xx answers and unreadable bodies become
 * {@link ModuleTechnicalException}; any other VMmanager error is thrown as {@link VmManagerError} for the adapter to
 * judge.
 */
@Component
class VmManager6Client {

    private static final Logger log = LoggerFactory.getLogger(VmManager6Client.class);

    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Request.Options options;
    private final Client transport;
    private final Map<String, VmManager6Api> apis = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    VmManager6Client(VmManager6Properties properties) {
        this.options = new Request.Options(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS, true);
        this.transport = new JdkHttpFeignClient(properties.connectTimeout());
    }

    /** Runs one API call with a valid session token of the module's user. */
    <T> T call(ProcessingModuleConfig module, BiFunction<VmManager6Api, String, T> call) {
        VmManager6Api api = api(module.url());
        String sessionKey = sessionKey(module);
        return translated(() -> {
            String token = token(api, module, sessionKey);
            try {
                return call.apply(api, token);
            } catch (VmManagerError e) {
                if (!e.sessionExpired()) {
                    throw e;
                }
                log.info("VMmanager session of module {} expired ({}), logging in again", module.id(), e.describe());
                tokens.remove(sessionKey, token);
                return call.apply(api, token(api, module, sessionKey));
            }
        });
    }

    /**
     * The cached token, or a new login. Not {@code computeIfAbsent}: that holds a lock of the map across the login's
     * network call, and a VMmanager slow to answer would hold up the calls of other modules whose keys share it. Two
     * threads that log in at once get two sessions, both valid.
     */
    private String token(VmManager6Api api, ProcessingModuleConfig module, String sessionKey) {
        String token = tokens.get(sessionKey);
        if (token == null) {
            token = login(api, module);
            tokens.put(sessionKey, token);
        }
        return token;
    }

    /** Logs in with the module's current credentials even when a token is cached: the connection check tests them. */
    void loginAfresh(ProcessingModuleConfig module) {
        VmManager6Api api = api(module.url());
        translated(() -> tokens.put(sessionKey(module), login(api, module)));
    }

    /**
     * Whether VMmanager lets this user log in with this password: how a retried open tells an account an earlier
     * attempt made (with the password HostFlow chose for the operation) from one made by other hands. The session it
     * opens is not kept. A refusal is false; an unreachable VMmanager a {@link ModuleTechnicalException}.
     */
    boolean acceptsLogin(ProcessingModuleConfig module, String email, String password) {
        VmManager6Api api = api(module.url());
        return translated(() -> {
            try {
                VmManager6Api.Token answer = api.login(new VmManager6Api.Credentials(email, password));
                return answer != null && answer.token() != null && !answer.token().isBlank();
            } catch (VmManagerError e) {
                if (e.status() == 401 || e.status() == 403 || e.status() == 400) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static String sessionKey(ProcessingModuleConfig module) {
        return stripTrailingSlash(module.url()) + "|" + module.username();
    }

    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (VmManagerError e) {
            if (e.status() >= 500) {
                throw new ModuleTechnicalException(e.status() == 503 ? "UNAVAILABLE" : "REMOTE_ERROR", e.describe(), e);
            }
            if (e.sessionExpired()) {
                throw new ModuleTechnicalException("AUTH_FAILED", e.describe(), e);
            }
            if (e.transientOrMisrouted()) {
                // too many requests: answering its connection check says nothing about when it takes more
                throw new ModuleTechnicalException(e.status() == 429 ? "RATE_LIMITED" : e.status() == 408 ? "TIMEOUT"
                        : "REMOTE_ERROR", e.describe(), e);
            }
            throw e;
        } catch (RetryableException e) {
            // a connection that timed out never carried the request: VMmanager is unreachable, as when it refuses one
            // (the failure policy then retries as soon as it answers); an answer that timed out may follow a done deed
            boolean timeout = !(e.getCause() instanceof HttpConnectTimeoutException)
                    && (e.getCause() instanceof SocketTimeoutException || e.getCause() instanceof HttpTimeoutException);
            throw new ModuleTechnicalException(timeout ? "TIMEOUT" : "UNREACHABLE",
                    (timeout ? "VMmanager did not answer in time: " : "VMmanager is unreachable: ")
                            + transportFailure(e), e);
        } catch (FeignException e) {
            throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager answered something unreadable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * What went wrong on the way, as Feign tells it ({@code <cause> executing <method> <url>}), with a cause that has
     * no message of its own (the JDK's refused connection has none) named instead of written as "null".
     */
    private static String transportFailure(RetryableException e) {
        Throwable cause = e.getCause();
        String message = e.getMessage() == null ? "" : e.getMessage();
        String unknownHost = unresolvedHost(e);
        if (unknownHost != null) {
            // the JDK's client says ConnectException with no message: an admin's typo read "connection refused"
            int executing = message.indexOf(" executing ");
            return "unknown host " + unknownHost + (executing < 0 ? "" : message.substring(executing));
        }
        if (cause != null && (cause.getMessage() == null || cause.getMessage().isBlank())
                && message.startsWith("null ")) {
            String what = cause instanceof ConnectException ? "connection refused" : cause.getClass().getSimpleName();
            return what + message.substring("null".length());
        }
        return message;
    }

    /** The host of the request when its name did not resolve, else null. */
    private static String unresolvedHost(RetryableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                try {
                    return e.request() == null ? "" : URI.create(e.request().url()).getHost();
                } catch (IllegalArgumentException unparsable) {
                    return "";
                }
            }
        }
        return null;
    }

    private String login(VmManager6Api api, ProcessingModuleConfig module) {
        try {
            VmManager6Api.Token answer = api.login(new VmManager6Api.Credentials(module.username(), module.password()));
            if (answer == null || answer.token() == null || answer.token().isBlank()) {
                throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's login answer carries no token");
            }
            return answer.token();
        } catch (VmManagerError e) {
            if (e.status() == 401 || e.status() == 403 || e.status() == 400) {
                throw new ModuleTechnicalException("AUTH_FAILED",
                        "VMmanager refused the login of " + module.username() + ": " + e.describe(), e);
            }
            throw e;
        }
    }

    private VmManager6Api api(String url) {
        return apis.computeIfAbsent(stripTrailingSlash(url), base -> Feign.builder()
                .client(transport)
                .contract(new Contract.Default())
                .encoder(encoder())
                .decoder(decoder())
                .errorDecoder(errorDecoder())
                .retryer(Retryer.NEVER_RETRY)
                .options(options)
                .target(VmManager6Api.class, base));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private Encoder encoder() {
        return (object, bodyType, template) -> {
            try {
                template.body(json.writeValueAsBytes(object), StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a VMmanager request body", e);
            }
        };
    }

    private Decoder decoder() {
        return (response, type) -> {
            if (response.body() == null) {
                throw new DecodeException(response.status(), "empty answer", response.request());
            }
            try (Reader body = response.body().asReader(StandardCharsets.UTF_8)) {
                Object value = json.readValue(body, json.constructType(type));
                if (value == null) {
                    throw new DecodeException(response.status(), "empty answer", response.request());
                }
                return value;
            } catch (JsonProcessingException e) {
                throw new DecodeException(response.status(), "not the JSON expected: " + e.getOriginalMessage(),
                        response.request(), e);
            }
        };
    }

    private ErrorDecoder errorDecoder() {
        return (methodKey, response) -> {
            String body = hidingPasswordsSent(readQuietly(response), response.request());
            try {
                JsonNode error = json.readTree(body).path("error");
                if (error.isObject()) {
                    return new VmManagerError(response.status(),
                            error.hasNonNull("code") ? error.get("code").asInt() : null,
                            error.path("msg").asText(""));
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // not VMmanager's error shape; keep the raw text below
            }
            String text = body == null ? "" : body.substring(0, Math.min(body.length(), 200));
            String location = response.headers().getOrDefault("Location", List.of()).stream().findFirst().orElse(null);
            if (response.status() < 400 && location != null) {
                text = "a redirect to " + location + " (is the module's URL right?)";
            }
            return new VmManagerError(response.status(), null, text.isBlank() ? response.reason() : text);
        };
    }

    /**
     * The answer with every password the request carried (the module's at login, a host's root password, a new
     * account's) hidden: an error text that echoes the request (a proxy's page, a message quoting the value it
     * refused) goes on to the journal, the logs and the admin.
     */
    private String hidingPasswordsSent(String answer, Request request) {
        if (answer.isEmpty() || request == null || request.body() == null || request.body().length == 0) {
            return answer;
        }
        String hidden = answer;
        try {
            for (JsonNode password : json.readTree(request.body()).findValues("password")) {
                if (password.isTextual() && !password.asText().isEmpty()) {
                    hidden = hidden.replace(password.asText(), "[hidden]");
                }
            }
        } catch (IOException e) {
            // a body that is no JSON carries no password of ours
        }
        return hidden;
    }

    private static String readQuietly(Response response) {
        if (response.body() == null) {
            return "";
        }
        try {
            return Util.toString(response.body().asReader(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }
}
