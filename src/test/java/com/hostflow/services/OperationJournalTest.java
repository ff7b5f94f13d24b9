package com.hostflow.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.catalog.Period;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/** An attempt is "first" exactly when no attempt of the same operation under the same key was journaled before. */
@IntegrationTest
class OperationJournalTest {

    /** the workers' lock, the longest a module call lasts (application.yml) */
    private static final Duration LONGEST_CALL = Duration.ofMinutes(5);

    @Autowired
    OperationJournal journal;

    @Autowired
    ServiceRepository services;

    @Autowired
    OperationJournalRepository entries;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void onlyTheFirstAttemptOfAnOperationUnderItsKeyIsFirst() {
        long serviceId = newService();
        String key = serviceId + "-open-1";

        // choosing the module journals under the open's key, and is not a call of the open
        OperationJournal.Attempt selection = journal.startAttempt(serviceId, "select", key);
        OperationJournal.Attempt first = journal.startAttempt(serviceId, "open", key);
        journal.finishAttempt(first.id(), OperationOutcome.TECHNICAL_FAILURE, "TIMEOUT");
        OperationJournal.Attempt second = journal.startAttempt(serviceId, "open", key);
        OperationJournal.Attempt otherKey = journal.startAttempt(serviceId, "open", serviceId + "-open-2");

        assertThat(selection.first()).isTrue();
        assertThat(first.first()).isTrue();
        assertThat(second.first()).isFalse();
        assertThat(otherKey.first()).isTrue();
        assertThat(journal.calls(key)).isEqualTo(3);
    }

    @Test
    void notesAndAttemptsShareTheKeysNumbering() {
        long serviceId = newService();
        String key = serviceId + "-open-1";

        OperationJournal.Attempt first = journal.startAttempt(serviceId, "open", key);
        journal.note(serviceId, "open", key, OperationOutcome.RETRY_CHOSEN, "y".repeat(2500));
        OperationJournal.Attempt again = journal.startAttempt(serviceId, "open", key);

        assertThat(entries.findById(first.id()).orElseThrow().getAttempt()).isEqualTo(1);
        OperationJournalEntry note = entries.findByServiceIdOrderByAtDescIdDesc(serviceId, Pageable.unpaged())
                .stream().filter(e -> e.getOutcome() == OperationOutcome.RETRY_CHOSEN).findFirst().orElseThrow();
        assertThat(note.getAttempt()).isEqualTo(2);
        assertThat(note.getMessage()).as("cut to what the column holds").hasSize(OperationJournalEntry.MAX_MESSAGE);
        assertThat(entries.findById(again.id()).orElseThrow().getAttempt()).isEqualTo(3);
        assertThat(again.first()).isFalse();
    }

    /**
     * Two writers of one key at once take turns: a staff member's decision on an open's task and a client's deletion
     * that withdraws the open both note under the open's key, and the second took the same attempt number as the
     * first and failed on the unique constraint (the task's completion answered 500 with the SQL in its body).
     */
    @Test
    void twoNotesUnderOneKeyAtOnceTakeTurns() throws Exception {
        long serviceId = newService();
        String key = serviceId + "-open-1";
        journal.startAttempt(serviceId, "open", key);

        new WhileHolding(transactions, jdbc).run(
                () -> journal.note(serviceId, "open", key, OperationOutcome.RETRY_CHOSEN, "retry"),
                () -> {
                    journal.note(serviceId, "open", key, OperationOutcome.WITHDRAWN, "deleted");
                    return null;
                });

        assertThat(jdbc.queryForList("select attempt || ' ' || outcome from hostflow.service_operation"
                + " where operation_key = ? order by attempt", String.class, key))
                .containsExactly("1 STARTED", "2 RETRY_CHOSEN", "3 WITHDRAWN");
    }

    @Test
    void choosingTheModuleMovesTheServicesVersionAndTouchesNothingElse() {
        long serviceId = newService();
        ServiceInstance before = services.findById(serviceId).orElseThrow();
        Instant now = clock.instant().plusSeconds(60);
        // an id no module of the shared database gets: with 42, a later test's new module 42 "served" this live
        // service and could not change its type (ModuleTypeChangeTest, in one verify)
        long noModule = Long.MAX_VALUE - 42;

        assertThat(services.assignModule(serviceId, noModule, now)).isEqualTo(1);
        assertThat(services.assignModule(Long.MAX_VALUE, noModule, now)).as("no such service").isZero();

        ServiceInstance after = services.findById(serviceId).orElseThrow();
        assertThat(after.getProcessingModuleId()).isEqualTo(noModule);
        assertThat(after.getUpdatedAt()).isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(after.getTariffId()).isEqualTo(before.getTariffId());
        assertThat(after.getStatus()).isEqualTo(before.getStatus());
        assertThat(services.tariffOf(serviceId)).contains(before.getTariffId());
    }

    /**
     * What a cancelled order's close reads: whether an open may have made something (a refused one made nothing) and
     * whether one is unanswered since a moment (its call may still be on its way to the module).
     */
    @Test
    void tellsWhetherAnOpenMayHaveMadeSomethingAndWhetherOneMayStillRun() {
        long refusedOnly = newService();
        journal.finishAttempt(journal.startAttempt(refusedOnly, "open", refusedOnly + "-open-1").id(),
                OperationOutcome.REJECTED, "Err_UnknownOs");
        long unanswered = newService();
        journal.startAttempt(unanswered, "select", unanswered + "-open-1");
        journal.startAttempt(unanswered, "open", unanswered + "-open-1");

        assertThat(journal.mayHaveCreated(refusedOnly, "open")).isFalse();
        assertThat(journal.mayHaveCreated(unanswered, "open")).isTrue();
        assertThat(journal.mayStillRun(unanswered, "open", LONGEST_CALL)).isTrue();
        assertThat(journal.mayStillRun(refusedOnly, "open", LONGEST_CALL)).isFalse();
        databaseClockPasses(unanswered, LONGEST_CALL.plusSeconds(1));
        assertThat(journal.mayStillRun(unanswered, "open", LONGEST_CALL)).as("too long ago").isFalse();
    }

    /**
     * The demo's clock moved while an order's open called VMmanager and the order was cancelled in Cockpit: a month on,
     * the close found the open's attempt "too long ago", found no VM yet and answered done, and the VM the open then
     * made stayed; a month back (the open journaled while the clock was ahead), the close polled for a month. Both
     * are judged by the database's clock, which no move of the application's touches.
     */
    @Test
    void whetherAnOpenMayStillRunIsJudgedByTheDatabasesClockNotTheApplications() {
        OperationJournal monthOn = new OperationJournal(entries, Clock.offset(clock, Duration.ofDays(31)));
        long openedJustNow = newService();
        journal.startAttempt(openedJustNow, "open", openedJustNow + "-open-1");
        long openedWhileAhead = newService();
        monthOn.startAttempt(openedWhileAhead, "open", openedWhileAhead + "-open-1");

        assertThat(monthOn.mayStillRun(openedJustNow, "open", LONGEST_CALL))
                .as("journaled a moment ago, asked with the clock a month on").isTrue();
        databaseClockPasses(openedWhileAhead, LONGEST_CALL.plusSeconds(1));
        assertThat(journal.mayStillRun(openedWhileAhead, "open", LONGEST_CALL))
                .as("journaled longer ago than a call lasts, with the clock a month ahead then").isFalse();
    }

    /** The database's clock passes for the service's journal: its attempts were journaled {@code by} earlier. */
    private void databaseClockPasses(long serviceId, Duration by) {
        jdbc.update("update hostflow.service_operation set called_at = called_at - make_interval(secs => ?)"
                + " where service_id = ?", (double) by.toSeconds(), serviceId);
    }

    private long newService() {
        return services.save(new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false,
                Map.of(), Map.of(), null, clock.instant())).getId();
    }

    @Test
    void anAttemptsOutcomeIsRecordedOnItsEntryAlone() {
        long serviceId = newService();
        OperationJournal.Attempt first = journal.startAttempt(serviceId, "open", serviceId + "-open-1");
        OperationJournal.Attempt other = journal.startAttempt(serviceId, "open", serviceId + "-open-2");

        journal.finishAttempt(first.id(), OperationOutcome.TECHNICAL_FAILURE, "x".repeat(2500));

        OperationJournalEntry entry = entries.findById(first.id()).orElseThrow();
        assertThat(entry.getOutcome()).isEqualTo(OperationOutcome.TECHNICAL_FAILURE);
        assertThat(entry.getMessage()).as("cut to what the column holds").hasSize(OperationJournalEntry.MAX_MESSAGE);
        assertThat(entry.getAttempt()).isEqualTo(1);
        assertThat(entries.findById(other.id()).orElseThrow().getOutcome()).isEqualTo(OperationOutcome.STARTED);
        assertThatThrownBy(() -> journal.finishAttempt(Long.MAX_VALUE, OperationOutcome.COMPLETED, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no journal entry");
    }
}
