package com.hostflow.common.web;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI document behind Swagger UI: what HostFlow is, how to log in (HTTP Basic on every call, the Authorize
 * button), and the feature tags in the order a provider meets them. Each controller names its tag and describes it
 * with {@code @Tag}; {@code OpenApiDocumentTest} fails for an operation without a summary or a tag.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BASIC_AUTH = "basicAuth";

    /** Tags in this order first (catalog, then clients and money, then services, then administration). */
    private static final List<String> TAG_ORDER = List.of("Data centers", "Departments", "Providers",
            "Module types", "Processing modules", "Product types", "Tariff groups", "Tariffs", "Clients",
            "Accounts and expenses", "Payments", "Quotes", "Orders", "Services", "Billing run", "Users", "Audit", "Dev clock");

    private static final String DESCRIPTION = """
            HostFlow sells and runs hosting services for a hosting provider, the way BILLmanager does: an admin \
            configures the catalog (data centers, departments, processing modules, product types, tariffs), clients \
            order and pay, and every step of a service's life (order, change, prolong, suspend, delete) runs as a \
            BPMN process on an embedded Camunda 7 engine, watched in Cockpit and worked on in Tasklist.

            **Logging in.** Every call needs HTTP Basic (press *Authorize*). The users are the engine's, so the same \
            login works in Cockpit and Tasklist. The role comes from the user's groups: `ADMIN` may do everything, \
            `STAFF` reads the catalog, clients and services, `CLIENT` sees only its own client, services, payments \
            and expenses (another client's ids answer 404). The demo profile has `demo`/`demo` (ADMIN), \
            `support`/`support` (STAFF) and `client@example.com`/`client` (CLIENT).

            **Conventions.** JSON with camelCase names; money as decimal strings with two decimals (`"10.00"`); \
            instants in ISO-8601 UTC. A create answers 201 with `Location`. Errors are `application/problem+json`: \
            400 names each bad field in `errors[].field`, 401/403 for logins and roles, 404 for unknown (or \
            another client's) ids, 409 for a state conflict, 422 when a business rule says no (with a `code`, e.g. \
            `INSUFFICIENT_FUNDS`).""";

    static {
        // money travels as decimal strings (MoneyJsonConfiguration), not as JSON numbers
        SpringDocUtils.getConfig().replaceWithSchema(BigDecimal.class,
                new StringSchema().format("decimal").example("10.00"));
    }

    @Bean
    OpenAPI hostFlowOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("development");
        return new OpenAPI()
                .info(new Info().title("HostFlow API").version(version).description(DESCRIPTION))
                .components(new Components().addSecuritySchemes(BASIC_AUTH, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("The user name and password of a HostFlow user (the engine's users)")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC_AUTH));
    }

    /**
     * The status codes the handlers really answer, which springdoc cannot see inside a {@code ResponseEntity}: a
     * POST answering a {@code ResponseEntity} creates (201 with {@code Location}, and 200 when it takes an
     * Idempotency-Key: the same create sent again under its key), a DELETE answers 204. A handler that
     * names its responses itself (202, or 200 for a request sent again under its Idempotency-Key) is left as it says.
     */
    @Bean
    OperationCustomizer createdAndDeletedStatuses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            ApiResponse ok = responses == null ? null : responses.get("200");
            if (ok == null || !ResponseEntity.class.isAssignableFrom(handler.getMethod().getReturnType())
                    || handler.hasMethodAnnotation(io.swagger.v3.oas.annotations.responses.ApiResponse.class)
                    || handler.hasMethodAnnotation(io.swagger.v3.oas.annotations.responses.ApiResponses.class)) {
                return operation;
            }
            if (handler.hasMethodAnnotation(PostMapping.class)) {
                responses.remove("200");
                responses.addApiResponse("201", ok.description("Created; `Location` is its address"));
                if (IdempotencyKeyConfiguration.takesIdempotencyKey(handler.getMethodParameters())) {
                    responses.addApiResponse("200", new ApiResponse().content(ok.getContent()).description("The same"
                            + " request sent again under its Idempotency-Key: the entry the first one created, with"
                            + " its `Location`; nothing is created"));
                }
            } else if (handler.hasMethodAnnotation(DeleteMapping.class)) {
                responses.remove("200");
                responses.addApiResponse("204", new ApiResponse().description("Deleted"));
            }
            return operation;
        };
    }

    /** Sorts the tags the controllers declare: the known features in {@link #TAG_ORDER}, any new one after them. */
    @Bean
    OpenApiCustomizer sortTagsByFeature() {
        Comparator<Tag> byFeature = Comparator.comparingInt((Tag tag) -> {
            int position = TAG_ORDER.indexOf(tag.getName());
            return position < 0 ? TAG_ORDER.size() : position;
        }).thenComparing(Tag::getName);
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.setTags(openApi.getTags().stream().sorted(byFeature).toList());
            }
        };
    }
}
