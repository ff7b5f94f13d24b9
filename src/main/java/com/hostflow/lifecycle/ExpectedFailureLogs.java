package com.hostflow.lifecycle;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

import com.hostflow.common.FailuresReportedByCaller;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.EngineRestEngineErrors;
import com.hostflow.common.web.EngineRestFailureLogs;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.PreconditionFailedException;
import com.hostflow.common.web.TooManyAttemptsException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PostConstruct;

/**
 * Keeps expected failures out of the WARN and ERROR log. Under load, jobs and requests that touch the same rows meet
 * PostgreSQL deadlocks, serialization failures and optimistic locks; {@link ConcurrentChanges} and
 * {@link ConcurrentChangeJobRetries} run the loser again and say so at INFO, with the failure. The engine
 * (ENGINE-16004, ENGINE-14006, ENGINE-02035) and Hibernate's SQL error helper still logged each such loss as an
 * ERROR or WARN with a stack trace, so an operator's alert on ERROR lines fired on normal concurrency. Likewise a request refused
 * inside an engine command (a 400, 404, 409, 412, 422 or 429 the client is answered, e.g. a deletion of a service
 * deleted meanwhile, or a department's Tasklist form sent without a decision, which the engine itself refuses) was an
 * ENGINE-16004 ERROR. A duplicate or a row still in use (unique and foreign-key violations) is
 * answered 409 by the API, and a job that meets one is logged by the job executor with its cause, so Hibernate's own
 * ERROR line for it goes too (eight clients creating one e-mail address at once logged seven). Any other failure logs
 * as before, a refused job too (ENGINE-14006). A repeating timer's job that lost to another run of itself makes the
 * engine fail once more, with a NullPointerException or an optimistic lock on the job the winner changed, when it
 * plans the loser's next time (after the loser's rollback, logged by Spring): that goes too. On a request
 * of the engine REST or the webapps' API, any other failed command waits for the request's answer
 * ({@link EngineRestFailureLogs}): an ERROR only when that is a 5xx.
 */
@Component
public class ExpectedFailureLogs extends TurboFilter {

    /**
     * Where the engine logs a failed command (ENGINE-16004), a failed job (ENGINE-14006) and a failure met while it
     * looked for an error boundary event for a delegate's exception (ENGINE-02035: a delegate that lost a deadlock
     * leaves the transaction aborted, and the engine's next select fails; the completion is run again).
     */
    private static final Set<String> ENGINE_LOGGERS = Set.of("org.camunda.bpm.engine.context",
            "org.camunda.bpm.engine.jobexecutor", "org.camunda.bpm.engine.bpmn.behavior");
    /** Where the engine logs a failed command; a failed job is logged again by the job executor. */
    private static final String COMMAND_LOGGER = "org.camunda.bpm.engine.context";
    /** HostFlow's failures that the API answers with a 4xx problem: the client hears of them, the log need not. */
    private static final Set<Class<? extends RuntimeException>> ANSWERED = Set.of(NotFoundException.class,
            ConflictException.class, PreconditionFailedException.class, BusinessRuleException.class,
            TooManyAttemptsException.class, InvalidInputException.class);
    private static final String SQL_ERRORS = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";
    /**
     * Jersey warns when a filter read a form before it: {@code PageParameterGuard} reads the webapps' login form (a
     * NUL in a user name), and Camunda's login, a {@code @FormParam} resource, still gets it from the servlet's
     * parameters. It warned on every login to Cockpit, Tasklist and Admin.
     */
    private static final String JERSEY_SERVLET = "org.glassfish.jersey.servlet.WebComponent";
    private static final String WEBAPP_LOGIN = "/camunda/api/admin/auth/user/";
    /**
     * Where the engine logs, as an ERROR with its stack trace, a called process that could not return to its caller
     * (ENGINE-20009). When the caller is suspended in Cockpit the failure goes on to whoever completed the called
     * process's last step: the engine REST answers a staff member's completion 400, and the external-task worker
     * tries again once the caller is activated ({@link ExternalTaskWorker}, at INFO).
     */
    private static final String PROCESS_VIRTUAL_MACHINE = "org.camunda.bpm.engine.pvm";
    /** Where Spring logs a transaction listener's failure after the rollback, a second time. */
    private static final String SYNCHRONIZATION_LOGGER =
            "org.springframework.transaction.support.TransactionSynchronizationUtils";
    /**
     * A repeating timer's job (the billing run's cron, the drift sync's cycle) that lost to another run of the same job
     * (after a move of the demo clock the running job's lock looks expired, and another job thread takes it too; or a
     * manual execution in Cockpit): the engine's listener for the failed job then plans its next time from a job the
     * winner already replaced and deleted, and fails with a NullPointerException. The winner planned the next time;
     * nothing is lost.
     */
    private static final String REPEATING_TIMER_LISTENER =
            "org.camunda.bpm.engine.impl.jobexecutor.RepeatingFailedJobListener";
    /**
     * Where the engine's code interceptor warns (ENGINE-13049) that a failure's code is overridden by the built-in
     * one. A failure that already carries the built-in code, given by the interceptor of a command run inside another
     * (an optimistic lock lost in the inner one), passes the outer command's interceptor too, which "overrides" the
     * code with itself: "override the built-in code 1 with 1" (twice in a burst probe's 2,000 requests).
     */
    private static final String CODE_LOGGER = "org.camunda.bpm.engine.cmd";
    private static final String CODE_RESET = "ENGINE-13049";

    /**
     * PostgreSQL's words for deadlock_detected, serialization_failure, unique_violation and foreign_key_violation,
     * and their SQLStates as Hibernate logs them.
     */
    private static final Set<String> SQL_CONFLICTS = Set.of("SQLState: 40P01", "SQLState: 40001",
            "deadlock detected", "could not serialize access", "SQLState: 23505", "SQLState: 23503",
            "duplicate key value violates unique constraint", "violates foreign key constraint");

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
        if (logged == null && ENGINE_LOGGERS.contains(logger.getName()) && params != null
                && Arrays.asList(params).contains(OptimisticLockingException.class.getSimpleName())) {
            // the job executor names the engine's own optimistic lock by its simple name, without the exception
            return FilterReply.DENY;
        }
        if (logged instanceof NullPointerException
                && (COMMAND_LOGGER.equals(logger.getName()) || SYNCHRONIZATION_LOGGER.equals(logger.getName()))
                && Arrays.stream(logged.getStackTrace()).limit(3)
                        .anyMatch(frame -> frame.getClassName().startsWith(REPEATING_TIMER_LISTENER))) {
            return FilterReply.DENY;
        }
        if (SYNCHRONIZATION_LOGGER.equals(logger.getName()) && logged instanceof OptimisticLockingException
                && Arrays.stream(logged.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().startsWith(REPEATING_TIMER_LISTENER))) {
            // the same loser's listener finding the job the winner changed: the engine's optimistic lock, not an NPE
            return FilterReply.DENY;
        }
        if (logged != null && COMMAND_LOGGER.equals(logger.getName()) && (answered(logged)
                || EngineRestEngineErrors.answeredAsBadRequest(logged) && onARequestsThread())) {
            return FilterReply.DENY;
        }
        if (logged != null && COMMAND_LOGGER.equals(logger.getName()) && FailuresReportedByCaller.running()) {
            return FilterReply.DENY;
        }
        if (logged instanceof SuspendedEntityInteractionException
                && PROCESS_VIRTUAL_MACHINE.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        if (format != null && JERSEY_SERVLET.equals(logger.getName()) && format.contains(WEBAPP_LOGIN)
                && format.contains("has been consumed")) {
            return FilterReply.DENY;
        }
        if (format != null && CODE_LOGGER.equals(logger.getName()) && format.startsWith(CODE_RESET)
                && params != null && params.length == 2 && Objects.equals(params[0], params[1])) {
            // nothing changes: the code is the one the failure has
            return FilterReply.DENY;
        }
        if (format != null && SQL_ERRORS.equals(logger.getName())
                && SQL_CONFLICTS.stream().anyMatch(format::contains)) {
            return FilterReply.DENY;
        }
        // on an engine REST request the failed command logs once its answer is known: as an ERROR only for a 5xx
        if (logged != null && EngineRestFailureLogs.holdBack(marker, logger, level, format, params, failure)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /**
     * The engine's own input errors are the caller's only on a request's thread: in a job the same error (an
     * expression naming a variable the model never set) is a failure of the model, and logs as one.
     */
    private static boolean onARequestsThread() {
        return RequestContextHolder.getRequestAttributes() != null;
    }

    private static boolean answered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Throwable current = cause;
            if (ANSWERED.stream().anyMatch(answer -> answer.isInstance(current))) {
                return true;
            }
        }
        return false;
    }

    /** The engine logs through SLF4J's varargs, where the throwable is the last argument, not a separate one. */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last
                : null;
    }
}
