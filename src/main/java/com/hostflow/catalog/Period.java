package com.hostflow.catalog;

/** The periods a service can be ordered and charged for. {@code TRIAL} is free; {@code DAY} is charged daily. */
public enum Period {
    TRIAL(0), ONE_TIME(0), DAY(0), MONTH(1), QUARTER(3), HALF_YEAR(6), YEAR(12);

    private final int months;

    Period(int months) {
        this.months = months;
    }

    /** Months in the period, 0 for the periods that are not counted in months. */
    public int months() {
        return months;
    }
}
