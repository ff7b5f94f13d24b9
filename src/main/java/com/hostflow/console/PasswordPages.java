package com.hostflow.console;


import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.logins.OwnPassword;
import com.hostflow.security.CurrentUser;
import com.hostflow.security.PasswordStamps;

import jakarta.servlet.http.HttpServletRequest;

/**
 * "Change my password" for every login that uses the pages: clients at {@code /my/password}, staff and admins at
 * {@code /console/password}. The same rules as {@code PUT /api/v1/me/password}; the page also asks for the new
 * password twice, since nobody sees what they typed.
 */
@Controller
class PasswordPages {

    private final OwnPassword ownPassword;
    private final CurrentUser currentUser;
    private final PageForms forms;
    private final PasswordStamps passwordStamps;

    PasswordPages(OwnPassword ownPassword, CurrentUser currentUser, PageForms forms, PasswordStamps passwordStamps) {
        this.ownPassword = ownPassword;
        this.currentUser = currentUser;
        this.forms = forms;
        this.passwordStamps = passwordStamps;
    }

    @GetMapping({"/my/password", "/console/password"})
    String form(Model model) {
        return page(model, FormErrors.none());
    }

    @PostMapping({"/my/password", "/console/password"})
    String change(@RequestParam(required = false) String currentPassword,
            @RequestParam(required = false) String newPassword,
            @RequestParam(required = false) String newPasswordAgain, Model model, RedirectAttributes flash,
            HttpServletRequest request) {
        FormErrors errors = FormErrors.none();
        // the second typing is checked with the rest: one submit shows every field's problem
        forms.run(errors, () -> {
            ownPassword.change(currentUser.username(), currentPassword, newPassword, newPasswordAgain);
            return true;
        });
        if (errors.any()) {
            return page(model, errors);
        }
        // this session goes on with the new password; the user's other sessions end at their next request
        passwordStamps.keepSession(request);
        flash.addFlashAttribute("notice", "Your password was changed.");
        return "redirect:" + ownPage();
    }

    private String page(Model model, FormErrors errors) {
        model.addAttribute("errors", errors);
        model.addAttribute("action", ownPage());
        model.addAttribute("minLength", OwnPassword.MIN_LENGTH);
        return "shared/password";
    }

    /** The caller's own area's copy of the page: a client has no console, staff and admins no client area. */
    private String ownPage() {
        return currentUser.isClient() ? "/my/password" : "/console/password";
    }
}
