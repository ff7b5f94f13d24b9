package com.hostflow.lifecycle;

import java.util.Set;

import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PostConstruct;

/**
 * Keeps a lost race out of the ERROR log. Under load, jobs and requests that touch the same rows meet PostgreSQL
 * deadlocks, serialization failures and optimistic locks; {@link ConcurrentChanges} and
 * {@link ConcurrentChangeJobRetries} run the loser again and say so at INFO, with the failure. The engine
 * (ENGINE-16004, ENGINE-14006) and Hibernate's SQL error helper still logged each such loss as an ERROR or WARN
 * with a stack trace, so an operator's alert on ERROR lines fired on normal concurrency. Any other failure logs as
 * before.
 */
@Component
public class ConcurrentChangeLogs extends TurboFilter {

    /** Where the engine logs a failed command (ENGINE-16004) and a failed job (ENGINE-14006). */
    private static final Set<String> ENGINE_LOGGERS = Set.of("org.camunda.bpm.engine.context",
            "org.camunda.bpm.engine.jobexecutor");
    private static final String SQL_ERRORS = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";
    /** PostgreSQL's words for deadlock_detected and serialization_failure, and their SQLStates as Hibernate logs them. */
    private static final Set<String> SQL_CONFLICTS = Set.of("SQLState: 40P01", "SQLState: 40001",
            "deadlock detected", "could not serialize access");

    /** Installed in the logging context Spring Boot set up; a context started again installs it again. */
    @PostConstruct
    void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging
                && !logging.getTurboFilterList().contains(this)) {
            logging.addTurboFilter(this);
            start();
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable failure) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        Throwable logged = failure != null ? failure : lastThrowable(params);
        if (logged != null && ENGINE_LOGGERS.contains(logger.getName())
                && ConcurrentChanges.isConcurrentChange(logged)) {
            return FilterReply.DENY;
        }
        if (format != null && SQL_ERRORS.equals(logger.getName())
                && SQL_CONFLICTS.stream().anyMatch(format::contains)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** The engine logs through SLF4J's varargs, where the throwable is the last argument, not a separate one. */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last
                : null;
    }
}
