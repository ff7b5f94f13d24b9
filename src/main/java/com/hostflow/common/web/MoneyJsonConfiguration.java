package com.hostflow.common.web;

import java.io.IOException;
import java.math.BigDecimal;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Money travels as decimal strings ({@code "10.00"}) so no client parses it into a binary float. Requests may send
 * either {@code "10.00"} or {@code 10.00}; Jackson reads both into {@link BigDecimal}.
 */
@Configuration(proxyBeanMethods = false)
class MoneyJsonConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer decimalsAsStrings() {
        return builder -> builder.serializerByType(BigDecimal.class, new PlainDecimalAsString());
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
