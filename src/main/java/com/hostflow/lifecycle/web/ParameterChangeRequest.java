package com.hostflow.lifecycle.web;

import java.util.Map;

import jakarta.validation.constraints.NotEmpty;

/** New add-on values (resource → value); resources left out keep their values. */
public record ParameterChangeRequest(@NotEmpty Map<String, Long> addons) {
}
