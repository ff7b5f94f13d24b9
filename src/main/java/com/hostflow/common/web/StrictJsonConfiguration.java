package com.hostflow.common.web;

import java.io.IOException;
import java.util.List;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * A request value of the wrong JSON type is refused (400 naming the field), never converted into a different value:
 * {@code "clientId": 1.9} is not client 1, {@code "roles": [0]} is not the first role, {@code "active": 99} or
 * {@code "active": " "} is not a boolean, {@code "trialDays": ""} is no number, {@code "name": true} or
 * {@code "externalId": 42} is not text. Strings still convert where the API documents them (money as
 * {@code "10.00"}, numbers and booleans written as strings), so scalar coercion as a whole stays on; a whole number
 * written as a string is spelled as in a parameter ({@link StrictNumbers}: {@code "16"}, not {@code "+16"},
 * {@code " 16"}, {@code "１６"}, which Jackson read as 16), and so is one written as a JSON number: {@code -0},
 * {@code 7e0} and {@code 7.0} are refused, quoted as sent.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    private static StrictWholeNumber whole(Class<?> type) {
        return new StrictWholeNumber(NumberDeserializers.find(type, type.getName()));
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer noLossyCoercions() {
        return builder -> builder
                .deserializerByType(Integer.class, whole(Integer.class))
                .deserializerByType(int.class, whole(int.class))
                .deserializerByType(Long.class, whole(Long.class))
                .deserializerByType(long.class, whole(long.class))
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

    /** Jackson's own reader of the type, after the spelling check of a whole number given as a string. */
    static final class StrictWholeNumber extends DelegatingDeserializer {

        StrictWholeNumber(JsonDeserializer<?> jacksons) {
            super(jacksons);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
            return new StrictWholeNumber(delegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // "" and blanks keep their own refusal (the coercion settings above); a JSON number is refused as sent:
            // -0 was read as 0, and 7e0 was quoted as Jackson's reading of it, '7.0'
            boolean text = parser.hasToken(JsonToken.VALUE_STRING) && !parser.getText().isBlank();
            boolean number = parser.currentToken() != null && parser.currentToken().isNumeric();
            if ((text || number) && !StrictNumbers.isWholeNumber(parser.getText())) {
                throw InvalidFormatException.from(parser, StrictNumbers.WHOLE_NUMBER, parser.getText(),
                        handledType());
            }
            return super.deserialize(parser, context);
        }
    }
}
