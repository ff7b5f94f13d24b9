package com.hostflow.services;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The journal of module operations. An attempt is recorded in the short transaction that prepares the module call,
 * which commits before the module is called, and its outcome in the transaction that reports the call's result.
 */
@Service
public class OperationJournal {

    /** the outcomes of a call of the module, as opposed to notes of what people decided or did */
    private static final Set<OperationOutcome> CALLS = EnumSet.of(OperationOutcome.STARTED, OperationOutcome.COMPLETED,
            OperationOutcome.PENDING, OperationOutcome.REJECTED, OperationOutcome.MANUAL_WORK,
            OperationOutcome.TECHNICAL_FAILURE);

    private static final Set<OperationOutcome> MAY_HAVE_CREATED = EnumSet.of(OperationOutcome.STARTED,
            OperationOutcome.COMPLETED, OperationOutcome.PENDING, OperationOutcome.TECHNICAL_FAILURE,
            OperationOutcome.MANUAL_WORK, OperationOutcome.DONE_BY_HAND, OperationOutcome.SKIPPED);

    /** the lifecycle operations of a running service whose refusal the service shows (not open, select or sync) */
    public static final List<String> LIFECYCLE_OPERATIONS = List.of("suspend", "resume", "setparam",
            "reset_password", "close");

    /**
     * the kinds a client can ask for itself (a parameter change, a new password, a deletion); of these it is shown the
     * refusals of those it did ask for ({@link #askedByClient}), not of an admin's or the provider's rules'
     */
    public static final Set<String> CLIENTS_OWN = Set.of("setparam", "reset_password", "close");

    /** outcomes that settle an operation: it happened, or it will not without being asked again (or was withdrawn) */
    private static final List<String> SETTLED = List.of(OperationOutcome.COMPLETED.name(),
            OperationOutcome.DONE_BY_HAND.name(), OperationOutcome.SKIPPED.name(), OperationOutcome.REJECTED.name(),
            OperationOutcome.FAILED.name(), OperationOutcome.ABORTED.name(), OperationOutcome.WITHDRAWN.name());

    private static final Set<OperationOutcome> REFUSED = EnumSet.of(OperationOutcome.REJECTED,
            OperationOutcome.FAILED, OperationOutcome.ABORTED);

    private static final int MAX_REASON = 300;
    /** each try after the first follows a writer of the key that committed meanwhile: a few is plenty */
    private static final int MAX_APPEND_TRIES = 5;

    private final OperationJournalRepository entries;
    private final Clock clock;

    OperationJournal(OperationJournalRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /**
     * An attempt recorded before the module is called.
     *
     * @param id    the journal entry's id
     * @param first no earlier attempt of this operation under this key: since every attempt commits before its call,
     *              the module has never been called for it, and nothing remote can carry the key yet
     */
    public record Attempt(long id, boolean first) {
    }

    /** Records a new attempt of the operation before the module is called. */
    @Transactional
    public Attempt startAttempt(long serviceId, String operation, String operationKey) {
        return append(serviceId, operation, operationKey, OperationOutcome.STARTED, null);
    }

    /** Sets the outcome of an attempt recorded by {@link #startAttempt}. */
    @Transactional
    public void finishAttempt(long entryId, OperationOutcome outcome, String message) {
        // one update, without reading the entry first (every module call finishes an attempt)
        if (entries.recordOutcome(entryId, outcome.name(), OperationJournalEntry.fitted(message), clock.instant()) == 0) {
            throw new IllegalStateException("no journal entry " + entryId);
        }
    }

    /** How often the module was called for the operation (polls included), for the department's task. */
    @Transactional(readOnly = true)
    public long calls(String operationKey) {
        return entries.countByOperationKeyAndOutcomeIn(operationKey, CALLS);
    }

    /**
     * Whether the module may have created something for the service's {@code operation}: an attempt was called and
     * not refused (it completed, is pending, failed half-way, or never answered).
     */
    @Transactional(readOnly = true)
    public boolean mayHaveCreated(long serviceId, String operation) {
        return entries.anyAttempt(serviceId, operation, MAY_HAVE_CREATED, Instant.EPOCH);
    }

    /**
     * Whether a call of the service's {@code operation} may still be under way at the module: an attempt journaled
     * within {@code within} (the longest a call can last) never got its answer. Its answer is lost when the process
     * that made it was cancelled meanwhile, so only the module can tell what it did. Judged by the database's clock,
     * which the demo's moved clock leaves alone: by the application's, a move on past the window during the open let
     * the close miss the VM the open then made, and a move back made the close poll until the clock caught up.
     */
    @Transactional(readOnly = true)
    public boolean mayStillRun(long serviceId, String operation, Duration within) {
        return entries.anyUnansweredWithin(serviceId, operation, within.toNanos() / 1e9);
    }

    /** Records a decision or a manual step that is not a call of the module (retry chosen, skipped, done by hand). */
    @Transactional
    public void note(long serviceId, String operation, String operationKey, OperationOutcome outcome, String message) {
        append(serviceId, operation, operationKey, outcome, message);
    }

    private Attempt append(long serviceId, String operation, String operationKey, OperationOutcome outcome,
            String message) {
        // no row: another writer of the key took the number meanwhile, and has committed; the next statement sees it
        for (int tries = 0; tries < MAX_APPEND_TRIES; tries++) {
            List<Object[]> rows = entries.appendNext(serviceId, operation, operationKey, outcome.name(),
                    OperationJournalEntry.fitted(message), clock.instant());
            if (!rows.isEmpty()) {
                return new Attempt(((Number) rows.get(0)[0]).longValue(), !(Boolean) rows.get(0)[1]);
            }
        }
        throw new ConcurrencyFailureException("the journal of operation " + operationKey + " kept meeting other writers");
    }

    /**
     * The services' lifecycle operations whose last settled entry says they did not happen: each stays until a later
     * operation of its kind succeeds (or is done by hand), or the service is deleted. A retry still under way leaves
     * it shown. A refused close stays on a deleted service: its order ended it (deleted while it was set up, or
     * failed and then deleted) though the module may still hold what it made for it, and the admins see that.
     */
    @Transactional(readOnly = true)
    public List<RefusedOperation> refusals(Collection<Long> serviceIds, Collection<String> operations) {
        if (serviceIds.isEmpty() || operations.isEmpty()) {
            return List.of();
        }
        return entries.lastSettled(serviceIds, operations, SETTLED, true).stream().map(OperationJournal::refusal)
                .filter(refusal -> REFUSED.contains(refusal.outcome()))
                .sorted(Comparator.comparing(RefusedOperation::at).reversed())
                .toList();
    }

    /**
     * The key of the module operation a process instance calls for a service:
     * {@code <serviceId>-<operation>-<instance>}. The calling models build it in their call activities' inputs
     * ({@code ${serviceId}-close-${execution.processInstanceId}}), where an analyst reads it; this is the one place
     * Java builds it ({@code RefusedOperationsTest} checks that the two agree).
     */
    public static String operationKey(long serviceId, String operation, String callingInstance) {
        return serviceId + "-" + operation + "-" + callingInstance;
    }

    /**
     * Notes that the service's client asked for {@code operation} itself, in the process instance
     * {@code callingInstance} (whose call of the module has the key {@link #operationKey}): its refusal is then the
     * client's to see. In the asking request's transaction.
     */
    @Transactional
    public void askedByClient(long serviceId, String operation, String callingInstance) {
        entries.recordClientRequest(operationKey(serviceId, operation, callingInstance), serviceId, clock.instant());
    }

    /**
     * {@link #refusals} as the service's client is shown them: of the operations it asked for itself
     * ({@link #askedByClient}; an admin's change of add-ons or deletion, a deletion the rules started, are the
     * provider's business), each with a reason in plain words instead of the module's own, which may name the module,
     * its hosts or its addresses.
     */
    @Transactional(readOnly = true)
    public List<RefusedOperation> refusalsAskedByClient(Collection<Long> serviceIds) {
        if (serviceIds.isEmpty()) {
            return List.of();
        }
        // a client's deleted service is gone for it: nothing of it is billed, nothing is to be asked again
        return entries.lastSettled(serviceIds, CLIENTS_OWN, SETTLED, false).stream()
                .filter(row -> Boolean.TRUE.equals(row[5])).map(OperationJournal::refusal)
                .filter(refusal -> REFUSED.contains(refusal.outcome()))
                .map(refusal -> new RefusedOperation(refusal.serviceId(), refusal.operation(), refusal.outcome(),
                        refusal.at(), clientReason(refusal.outcome())))
                .sorted(Comparator.comparing(RefusedOperation::at).reversed())
                .toList();
    }

    /** What a client is told of why: no module, department or message of theirs. */
    private static String clientReason(OperationOutcome outcome) {
        return outcome == OperationOutcome.REJECTED ? "the server that runs the service did not accept it"
                : "it could not be carried out";
    }

    /**
     * The refusals still in force across all services, newest first, for the admins' overview: of live services, and
     * the refused close of a deleted one (what the module made may still be there).
     */
    @Transactional(readOnly = true)
    public List<RefusedOperation> openRefusals(int max) {
        return entries.openRefusals(LIFECYCLE_OPERATIONS, SETTLED, max).stream().map(OperationJournal::refusal)
                .toList();
    }

    /** A row of {@code service_id, operation, outcome, message, at}. */
    private static RefusedOperation refusal(Object[] row) {
        OperationOutcome outcome = OperationOutcome.valueOf((String) row[2]);
        return new RefusedOperation(((Number) row[0]).longValue(), (String) row[1], outcome, instant(row[4]),
                reason(outcome, (String) row[3]));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    /** The module's answer in one short line; a department's comment stays in the journal (it may be internal). */
    private static String reason(OperationOutcome outcome, String message) {
        if (outcome == OperationOutcome.ABORTED) {
            return "given up by the department after the module kept failing";
        }
        if (message == null || message.isBlank()) {
            return outcome == OperationOutcome.REJECTED ? "refused by the module" : "given up";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 1) + "…";
    }
}
