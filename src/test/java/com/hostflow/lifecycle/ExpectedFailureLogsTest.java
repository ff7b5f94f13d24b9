package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.SQLException;
import java.util.List;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.impl.ProcessEngineLogger;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.EngineRestFailureLogs;
import com.hostflow.common.web.NotFoundException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lost races and requests refused inside an engine command stay out of the WARN and ERROR log, whatever logs them:
 * the engine's failed command (ENGINE-16004) and failed job (ENGINE-14006), and Hibernate's SQL error helper, each
 * through its own real logger. Other failures log as before.
 */
class ExpectedFailureLogsTest {

    private static final List<String> WATCHED = List.of("org.camunda.bpm.engine.context",
            "org.camunda.bpm.engine.jobexecutor", "org.camunda.bpm.engine.bpmn.behavior",
            "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", "org.camunda.bpm.engine.cmd");

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ExpectedFailureLogs filter = new ExpectedFailureLogs();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void watchTheLoggers() {
        filter.install();
        logged.start();
        WATCHED.forEach(name -> logging.getLogger(name).addAppender(logged));
    }

    @AfterEach
    void stopWatching() {
        WATCHED.forEach(name -> logging.getLogger(name).detachAppender(logged));
        logging.getTurboFilterList().remove(filter);
    }

    @Test
    void theEnginesLostRacesAreNotLoggedAsErrors() {
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new ProcessEngineException("job failed",
                new ObjectOptimisticLockingFailureException("ServiceInstance", 1L)));
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new ProcessEngineException("flush failed",
                new PSQLException("ERROR: deadlock detected", PSQLState.valueOf("DEADLOCK_DETECTED"))));
        ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionWhileExecutingJob("4711",
                new ProcessEngineException(new ObjectOptimisticLockingFailureException("ServiceInstance", 2L)));
        // the engine's own optimistic lock: logged by its simple name only, without the exception
        ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionWhileExecutingJob("4710",
                new OptimisticLockingException("UPDATE TimerEntity[4710] failed"));

        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new IllegalStateException("a real failure"));
        ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionWhileExecutingJob("4712",
                new IllegalArgumentException("a real job failure"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.ERROR, "ENGINE-16004 Exception while closing command context: a real failure"),
                        tuple(Level.WARN, "ENGINE-14006 Exception while executing job 4712: "));
    }

    /**
     * helper-142's burst probe against the demo found "ENGINE-13049 You are trying to override the built-in code 1
     * with 1" as a WARN: an optimistic lock lost in a command run inside another got its code from the inner command,
     * and the outer one's interceptor set the same code again. Another code overridden still warns.
     */
    @Test
    void theEngineSettingAFailuresCodeToTheCodeItHasIsNotLoggedButAnOverrideIs() {
        ProcessEngineLogger.CMD_LOGGER.warnResetToBuiltinCode(1, 1);
        ProcessEngineLogger.CMD_LOGGER.warnResetToBuiltinCode(1, 22_222);

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.WARN, "ENGINE-13049 You are trying to override the built-in code 1 with"
                        + " 22222. Falling back to built-in code. If you want to override built-in error codes, please"
                        + " disable the built-in error code provider."));
    }

    /**
     * A delegate that lost a deadlock (module selections taking their queue's row at once, as after a restart when the
     * killed node's external tasks come free together) leaves the transaction aborted; the engine, looking for an error
     * boundary event for the failure, fails on its next select and logs ENGINE-02035 with the deadlock as the cause of
     * "current transaction is aborted". {@link ConcurrentChanges} runs the completion again; found by a kill probe
     * against the demo (16 such ERROR lines after one restart). Any other failure of the propagation still logs.
     */
    @Test
    void anErrorPropagationThatMetALostRaceIsNotLoggedButAnotherFailureIs() {
        PSQLException deadlock = new PSQLException("ERROR: deadlock detected", PSQLState.DEADLOCK_DETECTED);
        PSQLException aborted = new PSQLException(
                "ERROR: current transaction is aborted, commands ignored until end of transaction block",
                PSQLState.IN_FAILED_SQL_TRANSACTION, deadlock);
        ProcessEngineLogger.BPMN_BEHAVIOR_LOGGER.errorPropagationException("Task_AcquireQueueSlot:4711",
                new ProcessEnginePersistenceException("An exception occurred in the persistence layer.", aborted));

        ProcessEngineLogger.BPMN_BEHAVIOR_LOGGER.errorPropagationException("Task_AcquireQueueSlot:4712",
                new ProcessEnginePersistenceException("An exception occurred in the persistence layer.",
                        new PSQLException("ERROR: relation \"nowhere\" does not exist", PSQLState.UNDEFINED_TABLE)));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.ERROR, "ENGINE-02035 Caught an exception while propagate error in activity"
                        + " with id 'Task_AcquireQueueSlot:4712'"));
    }

    /**
     * A repeating timer's job run twice at once (the job executor and a manual execution after a move of the demo
     * clock): the loser's rollback makes the engine plan the next time from the job the winner deleted, a
     * NullPointerException logged by the engine and again by Spring, or an optimistic lock on the job the winner
     * changed; any other NullPointerException, and an optimistic lock of another listener, still log.
     */
    @Test
    void theRepeatingTimersListenerMissingTheJobTheWinnerReplacedIsNotLogged() {
        Logger spring = logging.getLogger("org.springframework.transaction.support.TransactionSynchronizationUtils");
        spring.addAppender(logged);
        try {
            NullPointerException lostTimer = new NullPointerException("Cannot invoke \"org.camunda.bpm.engine.impl"
                    + ".persistence.entity.TimerEntity.calculateNewDueDate()\" because \"failedJob\" is null");
            lostTimer.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                    "org.camunda.bpm.engine.impl.jobexecutor.RepeatingFailedJobListener$CreateNewTimerJobCommand",
                    "execute", "RepeatingFailedJobListener.java", 61)});
            ProcessEngineLogger.CONTEXT_LOGGER.errorException(lostTimer);
            spring.error("TransactionSynchronization.afterCompletion threw exception", lostTimer);

            // the loser's listener meeting the job the winner changed (seen in the interleaving long run)
            OptimisticLockingException changedTimer = new OptimisticLockingException(
                    "ENGINE-03005 Execution of 'UPDATE TimerEntity[4714]' failed");
            changedTimer.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager",
                        "handleConcurrentModification", "DbEntityManager.java", 410),
                new StackTraceElement("org.camunda.bpm.engine.impl.jobexecutor.RepeatingFailedJobListener",
                        "execute", "RepeatingFailedJobListener.java", 44)});
            spring.error("TransactionSynchronization.afterCompletion threw exception", changedTimer);

            ProcessEngineLogger.CONTEXT_LOGGER.errorException(new NullPointerException("a real bug"));
            spring.error("TransactionSynchronization.afterCompletion threw exception",
                    new OptimisticLockingException("another listener's lost race"));

            assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                    .containsExactly(
                            tuple(Level.ERROR, "ENGINE-16004 Exception while closing command context: a real bug"),
                            tuple(Level.ERROR, "TransactionSynchronization.afterCompletion threw exception"));
        } finally {
            spring.detachAppender(logged);
        }
    }

    @Test
    void aRequestRefusedInsideAnEngineCommandIsAnsweredNotLoggedAsAnError() {
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new ConflictException("service 7 is deleted already"));
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new ProcessEngineException("delegate failed",
                new NotFoundException("service", 7L)));
        // a job refused so is still a failure worth a WARN: the job executor logs it
        ProcessEngineLogger.JOB_EXECUTOR_LOGGER.exceptionWhileExecutingJob("4713",
                new ConflictException("service 7 is deleted already"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.WARN, "ENGINE-14006 Exception while executing job 4713: "));
    }

    /**
     * The engine's refusal of a request's input (a Tasklist form without a decision) is answered 400 on the request's
     * thread; the same kind of error in a job is the model's failure and still an ERROR.
     */
    @Test
    void theEnginesRefusalOfARequestsInputIsNotLoggedButInAJobItIs() {
        FormFieldValidatorException noDecision = new FormFieldValidatorException("required", "decision", null, null,
                "Invalid value submitted for form field 'decision': validation of required failed.");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        try {
            ProcessEngineLogger.CONTEXT_LOGGER.errorException(noDecision);
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(noDecision);

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.ERROR, "ENGINE-16004 Exception while closing command context: Invalid"
                        + " value submitted for form field 'decision': validation of required failed."));
    }

    /**
     * On an engine REST request the engine's failed command waits for the answer: a 4xx (a message nothing waits for,
     * an unknown job) is the caller's mistake and no ERROR; a 500, or a failure that left the request unanswered, logs
     * the ERROR as the engine wrote it, with its stack trace.
     */
    @Test
    void anEngineRestRequestsFailedCommandIsAnErrorOnlyWhenTheAnswerIsOne() throws Exception {
        EngineRestFailureLogs requests = new EngineRestFailureLogs();
        requests.doFilter(new MockHttpServletRequest("POST", "/engine-rest/message"), new MockHttpServletResponse(),
                (request, response) -> {
                    ProcessEngineLogger.CONTEXT_LOGGER.errorException(
                            new MismatchingMessageCorrelationException("Cannot correlate message 'nobody-waits'"));
                    ((HttpServletResponse) response).setStatus(400);
                });
        requests.doFilter(new MockHttpServletRequest("PUT", "/engine-rest/job/x/retries"),
                new MockHttpServletResponse(), (request, response) -> {
                    ProcessEngineLogger.CONTEXT_LOGGER.errorException(new ProcessEngineException("no job x"));
                    ((HttpServletResponse) response).setStatus(404);
                });
        requests.doFilter(new MockHttpServletRequest("POST", "/engine-rest/signal"), new MockHttpServletResponse(),
                (request, response) -> {
                    ProcessEngineLogger.CONTEXT_LOGGER.errorException(new IllegalStateException("a real failure"));
                    ((HttpServletResponse) response).setStatus(500);
                });
        IllegalStateException unanswered = new IllegalStateException("left the request unanswered");
        assertThatThrownBy(() -> requests.doFilter(new MockHttpServletRequest("POST", "/engine-rest/signal"),
                new MockHttpServletResponse(), (request, response) -> {
                    ProcessEngineLogger.CONTEXT_LOGGER.errorException(unanswered);
                    throw unanswered;
                })).isSameAs(unanswered);
        // outside such a request (a job, HostFlow's own API) the engine's line is logged at once, as ever
        ProcessEngineLogger.CONTEXT_LOGGER.errorException(new IllegalStateException("a job's failure"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.ERROR, "ENGINE-16004 Exception while closing command context: a real failure"),
                        tuple(Level.ERROR,
                                "ENGINE-16004 Exception while closing command context: left the request unanswered"),
                        tuple(Level.ERROR, "ENGINE-16004 Exception while closing command context: a job's failure"));
        assertThat(logged.list.get(0).getThrowableProxy().getMessage()).isEqualTo("a real failure");
    }

    @Test
    void hibernatesDeadlockSerializationAndConflictMessagesAreNotLogged() {
        SqlExceptionHelper sqlErrors = new SqlExceptionHelper(false);
        sqlErrors.logExceptions(new SQLException("ERROR: deadlock detected\n  Detail: Process 1 waits for ShareLock",
                "40P01"), "could not execute statement");
        sqlErrors.logExceptions(new SQLException("ERROR: could not serialize access due to concurrent update",
                "40001"), "could not execute statement");
        sqlErrors.logExceptions(new SQLException("ERROR: duplicate key value violates unique constraint"
                + " \"uq_client_email\"", "23505"), "could not execute statement");
        sqlErrors.logExceptions(new SQLException("ERROR: update or delete on table \"provider\" violates foreign key"
                + " constraint \"fk_client_provider\" on table \"client\"", "23503"), "could not execute statement");

        sqlErrors.logExceptions(new SQLException("ERROR: relation \"nowhere\" does not exist", "42P01"),
                "could not execute statement");

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("42P01"))
                .anySatisfy(message -> assertThat(message).contains("relation \"nowhere\" does not exist"))
                .noneSatisfy(message -> assertThat(message).containsAnyOf("40P01", "40001", "deadlock",
                        "serialize", "23505", "23503", "duplicate key", "foreign key"));
    }

    @Test
    void installingTwiceFiltersOnce() {
        filter.install();

        assertThat(logging.getTurboFilterList()).filteredOn(filter::equals).hasSize(1);
        assertThat(((Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.context")).isErrorEnabled()).isTrue();
    }
}
