package com.hostflow.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one-line message a page shows after a redirect: a notice when it worked, an alert saying why not. */
public final class Flash {

    /** As the pages show an instant ({@code yyyy-MM-dd HH:mm UTC}), not as {@link Instant#toString()} spells it. */
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Flash() {
    }

    public static void outcome(RedirectAttributes flash, FormErrors errors, String success) {
        if (errors.any()) {
            flash.addFlashAttribute("alert", String.join(" ", errors.unplaced()));
        } else {
            flash.addFlashAttribute("notice", success);
        }
    }

    /** An instant in a message, as the pages show one. */
    public static String moment(Instant instant) {
        return MOMENT.format(instant);
    }
}
