package com.hostflow.common.web;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where in a JSON body Jackson failed, as the field names problems use: {@code topics[0].lockDuration}. */
final class JsonFieldPath {

    private JsonFieldPath() {
    }

    /** The path of the failing value, empty when Jackson failed on the body as a whole. */
    static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
