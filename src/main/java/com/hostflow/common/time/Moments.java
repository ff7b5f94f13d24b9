package com.hostflow.common.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How HostFlow shows a moment to people, in mails and on pages alike: {@code 2027-01-04 10:15 UTC}. */
public final class Moments {

    public static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Moments() {
    }

    public static String shown(Instant instant) {
        return SHOWN.format(instant);
    }
}
