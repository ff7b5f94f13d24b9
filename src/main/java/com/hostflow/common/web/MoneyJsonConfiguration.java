package com.hostflow.common.web;

import java.io.IOException;
import java.math.BigDecimal;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Also guards what JSON may carry into the domain: decimals within sane bounds, strings without NUL characters.
 *
 * <p>Money travels as decimal strings ({@code "10.00"}) so no client parses it into a binary float. Requests may send
 * either {@code "10.00"} or {@code 10.00}; Jackson reads both into {@link BigDecimal}.
 */
@Configuration(proxyBeanMethods = false)
class MoneyJsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer decimalsAsStrings() {
        return builder -> builder.serializerByType(BigDecimal.class, new PlainDecimalAsString())
                .deserializerByType(BigDecimal.class, new BoundedDecimal())
                .deserializerByType(String.class, new NoNulString())
                .postConfigurer(mapper -> mapper.registerModule(new SimpleModule("storable-keys")
                        .addKeyDeserializer(String.class, new NoNulKey())));
    }

    /** The same check for the keys of a JSON object read into a map (add-ons, parameters): they are stored too. */
    static final class NoNulKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (key.indexOf(0) >= 0) {
                throw InvalidFormatException.from(context.getParser(), "NUL character in a key", key, String.class);
            }
            int lone = NoNulString.loneSurrogate(key);
            if (lone >= 0) {
                throw InvalidFormatException.from(context.getParser(), "lone UTF-16 surrogate in a key",
                        String.format("\\u%04X", (int) key.charAt(lone)), String.class);
            }
            return key;
        }
    }

    /**
     * PostgreSQL text cannot hold U+0000, and UTF-8 cannot hold a lone UTF-16 surrogate ({@code "\\ud800"}, stored
     * as {@code ?}): refuse both while reading, naming the field, not when a row is written.
     */
    static final class NoNulString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf(0) >= 0) {
                throw InvalidFormatException.from(parser, "NUL character", "\\u0000", String.class);
            }
            int lone = value == null ? -1 : loneSurrogate(value);
            if (lone >= 0) {
                throw InvalidFormatException.from(parser, "lone UTF-16 surrogate",
                        String.format("\\u%04X", (int) value.charAt(lone)), String.class);
            }
            return value;
        }

        /** Index of the first surrogate that is not half of a pair, or -1. */
        static int loneSurrogate(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * Refuses decimals no amount or quantity can have ({@code 1e999999999}, forty integer digits) while reading,
     * so no later rounding or comparison spends minutes and memory on them; and any amount, as a JSON number or a
     * string, that is not plain decimal notation ({@link StrictNumbers}: {@code 1e3}, {@code "+5"}, {@code " 5"},
     * {@code "5."}, {@code "0x10"}, {@code "1,000.00"}, {@code -0}). Every {@code BigDecimal} a request carries is
     * money.
     */
    static final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

        static final int MAX_INTEGER_DIGITS = 30;
        static final int MAX_FRACTION_DIGITS = 30;

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if ((token == JsonToken.VALUE_STRING || token != null && token.isNumeric())
                    && !StrictNumbers.isPlainDecimal(parser.getText())) {
                throw InvalidFormatException.from(parser, StrictNumbers.AMOUNT, parser.getText(), BigDecimal.class);
            }
            BigDecimal value = super.deserialize(parser, context);
            if (value != null && (value.precision() - value.scale() > MAX_INTEGER_DIGITS
                    || value.scale() > MAX_FRACTION_DIGITS)) {
                throw InvalidFormatException.from(parser, "decimal out of range", value.toString(), BigDecimal.class);
            }
            return value;
        }
    }

    static final class PlainDecimalAsString extends StdSerializer<BigDecimal> {

        PlainDecimalAsString() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeString(value.toPlainString());
        }
    }
}
