package com.hostflow.common.database;

import java.math.BigDecimal;

/** How money is stored: {@code numeric(19,2)} (V2, V4), so no amount or balance may go past {@link #MAX}. */
public final class MoneyColumn {

    /** The most an amount, a price or a balance can be. */
    public static final BigDecimal MAX = new BigDecimal("99999999999999999.99");

    private MoneyColumn() {
    }
}
