package com.hostflow.services;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface OperationJournalRepository extends JpaRepository<OperationJournalEntry, Long> {

    Page<OperationJournalEntry> findByServiceIdOrderByAtDescIdDesc(long serviceId, Pageable pageable);

    /**
     * Journals the key's next attempt number in one statement, and answers {@code [id, earlier]} where
     * {@code earlier} tells whether the same operation was journaled under the key before. Reading the last number
     * first would cost a second round trip on every module call. Two writers of one key at once (a department's
     * decision on the operation's task and a deletion that withdraws the operation both note under its key) take the
     * same number: the second waits for the first to commit and then inserts nothing, and answers no row, so the
     * caller runs it again and reads the first's number (it met the unique constraint on (operation_key, attempt),
     * which failed its whole transaction).
     */
    @Transactional
    @Query(nativeQuery = true, value = """
            with earlier as (
                select coalesce(max(attempt), 0) as last, coalesce(bool_or(operation = :operation), false) as seen
                from hostflow.service_operation where operation_key = :operationKey),
            entry as (
                insert into hostflow.service_operation (service_id, operation, operation_key, attempt, outcome,
                                                        message, at)
                select :serviceId, :operation, :operationKey, last + 1, :outcome, :message, :at from earlier
                on conflict on constraint uk_service_operation_attempt do nothing
                returning id)
            select entry.id, earlier.seen from entry, earlier""")
    List<Object[]> appendNext(@Param("serviceId") long serviceId, @Param("operation") String operation,
            @Param("operationKey") String operationKey, @Param("outcome") String outcome,
            @Param("message") String message, @Param("at") Instant at);

    /**
     * Sets an attempt's outcome; answers how many entries it changed (0: no such entry). Plain SQL, as
     * {@code ServiceRepository.assignModule}: every worker finishing a call runs it, and Hibernate's translation of an
     * HQL update mutates its shared query tree (HHH-19429).
     */
    @Modifying
    @Query(value = "update hostflow.service_operation set outcome = :outcome, message = :message, at = :at"
            + " where id = :id", nativeQuery = true)
    int recordOutcome(@Param("id") long id, @Param("outcome") String outcome,
            @Param("message") String message, @Param("at") Instant at);

    /** Whether the service's journal holds an attempt of the operation with one of the outcomes since {@code since}. */
    @Query("select count(e) > 0 from OperationJournalEntry e where e.serviceId = :serviceId"
            + " and e.operation = :operation and e.outcome in :outcomes and e.at >= :since")
    boolean anyAttempt(@Param("serviceId") long serviceId, @Param("operation") String operation,
            @Param("outcomes") Collection<OperationOutcome> outcomes, @Param("since") Instant since);

    /**
     * Whether the service's journal holds an attempt of the operation that never got its answer, journaled within
     * {@code withinSeconds} by the database's clock ({@code called_at}, V115): the demo's moved clock leaves it alone.
     */
    @Query(nativeQuery = true, value = """
            select exists (select 1 from hostflow.service_operation
                           where service_id = :serviceId and operation = :operation and outcome = 'STARTED'
                             and called_at >= clock_timestamp() - make_interval(secs => :withinSeconds))""")
    boolean anyUnansweredWithin(@Param("serviceId") long serviceId, @Param("operation") String operation,
            @Param("withinSeconds") double withinSeconds);

    @Query("select count(e) from OperationJournalEntry e where e.operationKey = :operationKey and e.outcome in :outcomes")
    long countByOperationKeyAndOutcomeIn(@Param("operationKey") String operationKey,
            @Param("outcomes") Collection<OperationOutcome> outcomes);

    /**
     * The last settled entry of each of the operations for each of the services (a module's answer or a person's
     * decision that ended the operation, never an attempt still under way), of services not deleted: nothing can be
     * asked again of a deleted one. With {@code closeOfDeleted} a deleted service's close is kept: refused, it says
     * that what the module made may still be there (an order's close after a deletion or a failed open, refused or
     * given up, ends the service anyway). Last by id, the order entries were made in (a service's operations take
     * turns), not by time: the demo's clock put back makes a later entry's time earlier.
     */
    @Query(nativeQuery = true, value = """
            select distinct on (o.service_id, o.operation) o.service_id, o.operation, o.outcome, o.message, o.at,
                   exists (select 1 from hostflow.client_operation_request c where c.operation_key = o.operation_key)
            from hostflow.service_operation o
            join hostflow.service s on s.id = o.service_id
                                   and (s.status <> 'DELETED' or (:closeOfDeleted and o.operation = 'close'))
            where o.service_id in (:serviceIds) and o.operation in (:operations) and o.outcome in (:outcomes)
            order by o.service_id, o.operation, o.id desc""")
    List<Object[]> lastSettled(@Param("serviceIds") Collection<Long> serviceIds,
            @Param("operations") Collection<String> operations, @Param("outcomes") Collection<String> outcomes,
            @Param("closeOfDeleted") boolean closeOfDeleted);

    /** Notes that the service's client asked for the operation under this key itself. */
    @Modifying
    @Query(nativeQuery = true, value = """
            insert into hostflow.client_operation_request (operation_key, service_id, at)
            values (:operationKey, :serviceId, :at)
            on conflict (operation_key) do nothing""")
    int recordClientRequest(@Param("operationKey") String operationKey, @Param("serviceId") long serviceId,
            @Param("at") Instant at);

    /**
     * Refusals no later settled entry (by id, as above) of their service and operation followed, newest first: of
     * services not deleted, and the refused close of a deleted one (a FAILED service's close tried again and refused:
     * its VM may still run for no one); the few refused rows through their partial index (V106), each checked against
     * its service's later entries.
     */
    @Query(nativeQuery = true, value = """
            select r.service_id, r.operation, r.outcome, r.message, r.at
            from hostflow.service_operation r
            join hostflow.service s on s.id = r.service_id and (s.status <> 'DELETED' or r.operation = 'close')
            where r.outcome in ('REJECTED', 'FAILED', 'ABORTED') and r.operation in (:operations)
              and not exists (select 1 from hostflow.service_operation later
                              where later.service_id = r.service_id and later.operation = r.operation
                                and later.outcome in (:outcomes) and later.id > r.id)
            order by r.at desc, r.id desc
            limit :max""")
    List<Object[]> openRefusals(@Param("operations") Collection<String> operations,
            @Param("outcomes") Collection<String> outcomes, @Param("max") int max);
}
