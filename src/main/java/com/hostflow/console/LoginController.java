package com.hostflow.console;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The login page of the console and the client area (Spring Security processes the POST), and the 403 page. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "shared/login";
    }

    @RequestMapping("/access-denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String accessDenied() {
        return "shared/denied";
    }
}
