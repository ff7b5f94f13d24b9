package com.hostflow.common.web;

/** One bad field of a request, as listed in a 400 problem's {@code errors}. */
public record FieldProblem(String field, String message) {
}
