package com.hostflow.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rounding rule of HostFlow: money has scale 2 and is rounded {@link RoundingMode#HALF_UP} (0.005 → 0.01),
 * the rule clients know from paper invoices. Every amount that leaves a calculation passes through {@link #round}.
 * Intermediate results of a calculation are kept exact (or at {@link #INTERMEDIATE_SCALE}) and rounded once at the end.
 */
public final class Money {

    public static final int SCALE = 2;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    /** Scale of divisions inside a calculation, far below a cent so rounding happens only once. */
    static final int INTERMEDIATE_SCALE = 12;

    private Money() {
    }

    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, ROUNDING);
    }

    /** {@code amount × part / whole}, rounded once. */
    public static BigDecimal share(BigDecimal amount, long part, long whole) {
        if (whole <= 0) {
            throw new IllegalArgumentException("whole must be positive, was " + whole);
        }
        return round(amount.multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(whole), INTERMEDIATE_SCALE, ROUNDING));
    }

    /** True when the amount has no more than two decimals (input like {@code 1.005} is refused, not rounded). */
    public static boolean hasCents(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= SCALE;
    }
}
