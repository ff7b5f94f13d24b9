package com.hostflow.console;

import java.security.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The login page of the console and the client area (Spring Security processes the POST), the logout page and the 403
 * page.
 */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "shared/login";
    }

    /**
     * {@code /logout} opened as an address (typed, bookmarked): a page with the logout button, since the logout itself
     * takes only the form with its CSRF token. It answered the 403 page ("your login may not open this page").
     */
    @GetMapping("/logout")
    String logout(Principal who) {
        return who == null ? "redirect:/login?logout" : "shared/logout";
    }

    @RequestMapping("/access-denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String accessDenied() {
        return "shared/denied";
    }
}
