package com.hostflow.catalog;

/** The periods a service can be ordered and charged for. {@code TRIAL} is free; {@code DAY} is charged daily. */
public enum Period {
    TRIAL, ONE_TIME, DAY, MONTH, QUARTER, HALF_YEAR, YEAR
}
