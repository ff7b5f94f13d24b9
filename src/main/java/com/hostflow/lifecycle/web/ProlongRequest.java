package com.hostflow.lifecycle.web;

import com.hostflow.catalog.Period;

import jakarta.validation.constraints.NotNull;

/** The client prolongs its service by one period, paid from the balance. */
public record ProlongRequest(@NotNull Period period) {
}
