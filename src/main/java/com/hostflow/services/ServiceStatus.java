package com.hostflow.services;

/** Where a service is in its life; {@code PROCESSING} while a module operation changes it. */
public enum ServiceStatus {
    ORDERED, PROCESSING, ACTIVE, SUSPENDED, DELETED, FAILED
}
