package com.hostflow.catalog;

/** When a service deleted by its client really goes away. */
public enum OnClientDelete {
    IMMEDIATELY, END_OF_PAID_PERIOD
}
