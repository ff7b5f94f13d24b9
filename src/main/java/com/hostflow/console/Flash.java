package com.hostflow.console;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one-line message a page shows after a redirect: a notice when it worked, an alert saying why not. */
public final class Flash {

    private Flash() {
    }

    public static void outcome(RedirectAttributes flash, FormErrors errors, String success) {
        if (errors.any()) {
            flash.addFlashAttribute("alert", String.join(" ", errors.unplaced()));
        } else {
            flash.addFlashAttribute("notice", success);
        }
    }
}
