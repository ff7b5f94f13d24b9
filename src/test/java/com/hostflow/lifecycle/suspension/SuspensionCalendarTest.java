package com.hostflow.lifecycle.suspension;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.hostflow.services.SuspensionReason;

class SuspensionCalendarTest {

    private static final Instant SATURDAY = Instant.parse("2026-11-28T15:30:00Z");
    private static final Instant SUNDAY_LATE = Instant.parse("2026-11-29T23:59:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T23:00:00Z");
    private static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");

    @Test
    void aBillingSuspensionOnAWeekendWaitsForMonday() {
        assertThat(SuspensionCalendar.notBefore(SATURDAY, SuspensionReason.BILLING, true)).contains(MONDAY);
        assertThat(SuspensionCalendar.notBefore(SUNDAY_LATE, SuspensionReason.BILLING, true)).contains(MONDAY);
    }

    @Test
    void onWeekdaysItHappensAtOnce() {
        assertThat(SuspensionCalendar.notBefore(FRIDAY, SuspensionReason.BILLING, true)).isEmpty();
        assertThat(SuspensionCalendar.notBefore(MONDAY, SuspensionReason.BILLING, true)).isEmpty();
    }

    @Test
    void adminAndAbuseSuspensionsAndProductTypesWithoutTheRuleNeverWait() {
        assertThat(SuspensionCalendar.notBefore(SATURDAY, SuspensionReason.ADMIN, true)).isEmpty();
        assertThat(SuspensionCalendar.notBefore(SATURDAY, SuspensionReason.ABUSE, true)).isEmpty();
        assertThat(SuspensionCalendar.notBefore(SATURDAY, SuspensionReason.BILLING, false)).isEmpty();
    }
}
