package com.hostflow.simulator.vmmanager6;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.AsyncContext;
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
    private static final long ASYNC_MARGIN_MS = 60_000;
    /** takes the delayed answers up again; one thread only dispatches, the container's threads answer */
    private static final ScheduledExecutorService DELAYED_ANSWERS = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "vmmanager6-simulator-slow-answers");
                thread.setDaemon(true);
                return thread;
            });

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
        } else if (simulator.answerDelayMs() > 0 && request.isAsyncSupported()) {
            answerLater(request, simulator.answerDelayMs());
        } else {
            awaitAnswerDelay();
            chain.doFilter(request, response);
        }
    }

    /**
     * A slow VMmanager is another machine: the caller waits, as it would on the network, but no request thread of
     * the server it shares (HostFlow's, in the demo) waits with it. The request is taken up again after the delay
     * (an async dispatch, which passes this gate and goes on to the simulator's controller). It slept in its request
     * thread: with VMmanager answering in 2 minutes, the calls HostFlow had given up on (read timeout) still held 200
     * of them, and HostFlow's own API got no thread (a readiness check took 42 s). A delay set to 0 answers it at
     * once.
     */
    private void answerLater(HttpServletRequest request, long delayMs) {
        AsyncContext later = request.startAsync();
        // the servlet container's own limit (30 s in Tomcat) must not answer for it
        later.setTimeout(delayMs + ASYNC_MARGIN_MS);
        Runnable answer = new Runnable() {
            @Override
            public void run() {
                if (simulator.answering(this)) {
                    later.dispatch();
                }
            }
        };
        simulator.answerLater(answer);
        DELAYED_ANSWERS.schedule(answer, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Without asynchronous requests (a servlet chain that does not support them) the delay waits in the thread. */
    private void awaitAnswerDelay() {
        long delay = simulator.answerDelayMs();
        if (delay > 0) {
            simulator.answerDelayed(true);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                simulator.answerDelayed(false);
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
