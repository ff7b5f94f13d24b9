package com.hostflow.services;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Small maps and lists of a service kept as JSON text, so they need no tables of their own. */
public final class JsonColumns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonColumns() {
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write column value", e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read column value", e);
        }
    }

    /** A {@code addons} column read by plain JDBC. */
    public static Map<String, Long> longMap(String text) {
        return new LongMap().convertToEntityAttribute(text);
    }

    @Converter
    static class LongMap implements AttributeConverter<Map<String, Long>, String> {

        @Override
        public String convertToDatabaseColumn(Map<String, Long> value) {
            return write(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, Long> convertToEntityAttribute(String text) {
            return text == null ? new LinkedHashMap<>() : read(text, new TypeReference<LinkedHashMap<String, Long>>() {
            });
        }
    }

    /** Like {@link LongMap}, but null stays null (no change pending). */
    @Converter
    static class NullableLongMap implements AttributeConverter<Map<String, Long>, String> {

        @Override
        public String convertToDatabaseColumn(Map<String, Long> value) {
            return value == null ? null : write(value);
        }

        @Override
        public Map<String, Long> convertToEntityAttribute(String text) {
            return text == null ? null : read(text, new TypeReference<LinkedHashMap<String, Long>>() {
            });
        }
    }

    @Converter
    static class StringMap implements AttributeConverter<Map<String, String>, String> {

        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return write(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String text) {
            return text == null ? new LinkedHashMap<>()
                    : read(text, new TypeReference<LinkedHashMap<String, String>>() {
                    });
        }
    }

    @Converter
    static class StringList implements AttributeConverter<List<String>, String> {

        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return value == null || value.isEmpty() ? null : write(value);
        }

        @Override
        public List<String> convertToEntityAttribute(String text) {
            return text == null ? List.of() : read(text, new TypeReference<List<String>>() {
            });
        }
    }
}
