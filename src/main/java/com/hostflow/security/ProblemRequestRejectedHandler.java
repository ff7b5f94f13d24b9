package com.hostflow.security;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import com.hostflow.common.web.ProblemJson;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security's firewall refuses paths such as {@code %2e%2e}, {@code %0d%0a}, {@code %25}, {@code ;} or
 * {@code //} before anything else reads them: answer 400 with a problem saying why, instead of an error page.
 */
class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.debug("request rejected by the firewall: {}", e.getMessage());
        ProblemJson.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                "the request path is not allowed: " + reason(e.getMessage()));
    }

    private static String reason(String message) {
        String reason = message == null ? "" : message.replaceFirst("^The request was rejected because ", "");
        reason = reason.replaceAll("\\p{Cntrl}", "?");
        return reason.length() > 200 ? reason.substring(0, 200) + "…" : reason;
    }
}
