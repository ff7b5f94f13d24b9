package com.hostflow.common.web;

import java.util.Collections;
import java.util.List;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * Hands a handler's {@link IfMatch} parameter the parsed {@code If-Match} header, and documents both halves in the
 * OpenAPI document: the header on every operation that takes one (with its 412), the {@code ETag} on every answer
 * that is a {@link Versioned} resource.
 */
@Configuration(proxyBeanMethods = false)
class IfMatchConfiguration implements WebMvcConfigurer {

    static {
        // the header is documented below, not as a query object
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(IfMatch.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(HeaderArgument.resolver(IfMatch.class, request -> {
            String[] values = request.getHeaderValues(IfMatch.HEADER);
            return IfMatch.parse(values == null ? Collections.emptyList() : List.of(values));
        }));
    }

    @Bean
    OperationCustomizer ifMatchAndETag() {
        return (operation, handler) -> {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.getParameterType() == IfMatch.class) {
                    operation.addParametersItem(new HeaderParameter().name(IfMatch.HEADER).required(false)
                            .description("The `ETag` of the GET this change is based on: if the resource changed"
                                    + " since, nothing is written and the answer is 412. `*` or no header: no check.")
                            .schema(new StringSchema().example("\"3\"")));
                    operation.getResponses().addApiResponse("412", new ApiResponse()
                            .description("The resource changed since it was read (If-Match names an older ETag)")
                            .content(new Content().addMediaType(org.springframework.http.MediaType
                                    .APPLICATION_PROBLEM_JSON_VALUE, new MediaType())));
                }
            }
            Class<?> returned = handler.getMethod().getReturnType();
            Class<?> body = returned == ResponseEntity.class
                    ? ResolvableType.forMethodReturnType(handler.getMethod()).resolveGeneric(0) : returned;
            if (body != null && Versioned.class.isAssignableFrom(body)
                    && operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        response.addHeaderObject(HttpHeaders.ETAG, new Header()
                                .description("The resource's version; send it back in `If-Match` to change it")
                                .schema(new Schema<String>().type("string").example("\"3\"")));
                    }
                });
            }
            return operation;
        };
    }
}
