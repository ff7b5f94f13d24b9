package com.hostflow.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import com.hostflow.common.web.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An address under the console or the client area that no page answers (a typo, an old bookmark, a trailing slash,
 * a form's address opened as a page): the problem page in the layout, with the way back, instead of the API's JSON
 * problem (404) or the container's bare page (405). Patterns ending in {@code /**} rank below every page's own.
 */
@Controller
class UnknownPages {

    @GetMapping({"/console/**", "/my/**"})
    String unknown(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.endsWith("/")) {
            // "/console/services/" means the page without the slash
            return "redirect:" + path.substring(0, path.length() - 1);
        }
        throw new NotFoundException("page", path);
    }
}
