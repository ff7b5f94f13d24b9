package com.hostflow.common.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Marker;
import org.springframework.web.filter.OncePerRequestFilter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The engine logs every failed command as an ENGINE-16004 ERROR with a stack trace before anyone knows what the
 * failure means; the engine REST then answers most of them as the caller's mistake: a message nothing waits for (400),
 * an unknown job, task or execution id (404, 400), variables of an instance that does not exist. So an operator's
 * alert on ERROR fired for every client's bad request. On a request of the engine REST ({@code /engine-rest}) or the
 * webapps' API ({@code /camunda/api}) that line waits (the logging filter {@code ExpectedFailureLogs} hands it here)
 * until the answer is known: a 5xx, or a failure that left the request unanswered, logs it as the engine wrote it; a
 * 4xx or a success logs it at DEBUG only. Only this request's thread is held back, and only the engine's
 * failed-command line: a job's failure, the engine REST's own WARN for a 500 and every other logger log as before.
 */
public final class EngineRestFailureLogs extends OncePerRequestFilter {

    /** Where the engine logs a failed command (ENGINE-16004). */
    public static final String COMMAND_LOGGER = "org.camunda.bpm.engine.context";

    private static final String FQCN = EngineRestFailureLogs.class.getName();
    private static final ThreadLocal<List<HeldBack>> HELD = new ThreadLocal<>();

    /**
     * Holds a WARN or ERROR line of the engine's failed command back when an engine REST request runs on this thread;
     * {@code false} (log it now) otherwise.
     */
    public static boolean holdBack(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable failure) {
        List<HeldBack> held = HELD.get();
        if (held == null || !COMMAND_LOGGER.equals(logger.getName()) || !level.isGreaterOrEqual(Level.WARN)) {
            return false;
        }
        held.add(new HeldBack(marker, logger, level, format, params, failure));
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HELD.get() != null) {
            chain.doFilter(request, response);
            return;
        }
        HELD.set(new ArrayList<>());
        boolean answered = false;
        try {
            chain.doFilter(request, response);
            answered = true;
        } finally {
            List<HeldBack> held = HELD.get();
            HELD.remove();
            int status = response.getStatus();
            for (HeldBack line : held) {
                line.log(answered && status < 500 ? status : 0);
            }
        }
    }

    /** A line held back, logged as written for a server error ({@code clientStatus} 0), else at DEBUG. */
    private record HeldBack(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable failure) {

        void log(int clientStatus) {
            if (clientStatus == 0) {
                logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), format, params, failure);
            } else if (logger.isDebugEnabled()) {
                logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(Level.DEBUG),
                        "answered " + clientStatus + " (the caller's request): " + format, params, failure);
            }
        }
    }
}
