package com.hostflow.simulator.vmmanager6;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * In front of every simulator call: answers 503 while the simulator is "down" and 401 (code 1000) for a VMmanager
 * call without a valid session token ({@code x-xsrf-token} header or {@code ses6} cookie). {@code /_control} always
 * passes.
 */
class SimulatorGate extends OncePerRequestFilter {

    private static final String TOKEN_HEADER = "x-xsrf-token";
    private static final String TOKEN_COOKIE = "ses6";

    private final VmManager6Simulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    SimulatorGate(VmManager6Simulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(SimulatorApiController.BASE_PATH + "/_control")) {
            chain.doFilter(request, response);
        } else if (simulator.control().down()) {
            refuse(response, HttpStatus.SERVICE_UNAVAILABLE, SimulatorException.UNAVAILABLE,
                    "Service temporarily unavailable");
        } else if (path.startsWith(SimulatorApiController.BASE_PATH + "/vm/") && !simulator.validToken(token(request))) {
            refuse(response, HttpStatus.UNAUTHORIZED, SimulatorException.INVALID_TOKEN, "Invalid or expired token");
        } else {
            awaitAnswerDelay();
            chain.doFilter(request, response);
        }
    }

    /** A slow VMmanager: the caller waits, as it would on the network. */
    private void awaitAnswerDelay() {
        long delay = simulator.answerDelayMs();
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String token(HttpServletRequest request) {
        String header = request.getHeader(TOKEN_HEADER);
        if (header != null) {
            return header;
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (cookie.getName().equals(TOKEN_COOKIE)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private void refuse(HttpServletResponse response, HttpStatus status, int code, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), SimulatorErrors.error(code, message));
    }
}
