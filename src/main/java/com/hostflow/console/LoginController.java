package com.hostflow.console;

import java.security.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import com.hostflow.security.FormTooLarge;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The login page of the console and the client area (Spring Security processes the POST), the logout page, the 403
 * page and the page of a form too large to read.
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

    /**
     * A form larger than Tomcat reads, forwarded here by the security's refusal: for a logged-in user the problem page
     * in the console's or the client area's layout, for nobody logged in (the login form, a page's form after the
     * session ended) a page in the login page's layout with a link back to it. Both were Spring Boot's bare error page.
     */
    @RequestMapping(FormTooLarge.PAGE)
    @ResponseStatus(HttpStatus.PAYLOAD_TOO_LARGE)
    String formTooLarge(HttpServletRequest request, Principal who, Model model) {
        model.addAttribute("problemTitle", "Form too large");
        model.addAttribute("detail", request.getAttribute(FormTooLarge.MESSAGE));
        return who == null ? "shared/form-too-large" : "shared/problem";
    }

    @RequestMapping("/access-denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String accessDenied() {
        return "shared/denied";
    }
}
