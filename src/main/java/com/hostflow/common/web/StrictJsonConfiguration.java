package com.hostflow.common.web;

import java.util.List;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * A request value of the wrong JSON type is refused (400 naming the field), never converted into a different value:
 * {@code "clientId": 1.9} is not client 1, {@code "roles": [0]} is not the first role, {@code "active": 99} or
 * {@code "active": " "} is not a boolean, {@code "trialDays": ""} is no number, {@code "name": true} or
 * {@code "externalId": 42} is not text. Strings still convert where the API documents them (money as
 * {@code "10.00"}, numbers and booleans written as strings), so scalar coercion as a whole stays on.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer noLossyCoercions() {
        return builder -> builder
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .featuresToEnable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .postConfigurer(mapper -> {
                    mapper.coercionConfigFor(LogicalType.Boolean)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                            .setAcceptBlankAsEmpty(false);
                    // "" is no number: "trialDays": "" or "groupId": "" was read as left out (no group, 0 days)
                    for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float)) {
                        mapper.coercionConfigFor(number)
                                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                                .setAcceptBlankAsEmpty(false);
                    }
                    // text is text: "name": true is not the name "true", "externalId": 1.5 not the reference "1.5"
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }
}
