package com.hostflow.lifecycle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.RuntimeServiceImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.ExecutionQuery;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place where Java tells the lifecycle processes that something happened: it starts processes and correlates
 * messages, by business key (the service id) or, for a turn in a queue, by the waiting process instance. Every wait
 * such a message ends is modelled in the BPMN of the process that waits; nothing here decides what happens next.
 * <p>
 * An instance an admin suspended in Cockpit hears no message. A payment, a deletion's announcement, a withdrawal of
 * reminders or of a module operation that such an instance waited for is kept for it ({@link KeptMessages}) and told
 * again once it is active: which instances waited is read before the message is correlated, in the same transaction,
 * and those it did not reach are the suspended ones (also one suspended between the two; one activated between them
 * hears it now).
 */
@Component
public class LifecycleEvents {

    /** Money arrived for the service's client: an unpaid order, a pending or running BILLING suspension listens. */
    public static final String MESSAGE_PAYMENT_RECEIVED = "Msg_PaymentReceived";
    /** The service is to be deleted: an unpaid order is cancelled, a waiting prolongation or suspension ends. */
    public static final String MESSAGE_DELETION_REQUESTED = "Msg_DeletionRequested";
    /** Its client (or an admin) takes back a deletion that waits for the end of the paid period. */
    public static final String MESSAGE_DELETION_WITHDRAWN = "Msg_DeletionWithdrawn";
    /**
     * The process that called a ModuleOperationProcess no longer wants the operation (the service being opened was
     * deleted): a department task or a retry wait of the called instance ends, and it tries the module no more.
     */
    public static final String MESSAGE_OPERATION_WITHDRAWN = "Msg_OperationWithdrawn";
    /** Noted on a ModuleOperationProcess instance whose caller withdrew it, for its gateways. */
    public static final String OPERATION_WITHDRAWN = "operationWithdrawn";
    /** A turn in a module's queue or in a service's lane is now this process instance's. */
    public static final String MESSAGE_TURN_GIVEN = "Msg_TurnGiven";
    /**
     * Its client prolongs the service (variable {@code period}): the prolongation that holds the service's claim,
     * waiting for money, or the BILLING suspension it called, waiting for its day, takes it.
     */
    public static final String MESSAGE_PROLONGATION_REQUESTED = "Msg_ProlongationRequested";
    /** The service is being deleted (now or at the end of its period): no expiry reminder any more. */
    public static final String MESSAGE_REMINDERS_WITHDRAWN = "Msg_RemindersWithdrawn";

    /** The incident type of a failed module operation that waits for its department (Cockpit shows it). */
    public static final String INCIDENT_WAITS_FOR_DEPARTMENT = "failedModuleOperation";

    private static final Logger log = LoggerFactory.getLogger(LifecycleEvents.class);
    /** How deep this thread is in a start by HostFlow's own code (a started process may start another). */
    private static final ThreadLocal<Integer> OWN_STARTS = ThreadLocal.withInitial(() -> 0);

    private final RuntimeService runtime;
    private final RepositoryService repository;
    /** where a message a suspended instance missed goes (process instance id, message) */
    private final BiConsumer<String, String> missed;

    @Autowired
    public LifecycleEvents(RuntimeService runtime, RepositoryService repository, KeptMessages kept) {
        this.runtime = runtime;
        this.repository = repository;
        this.missed = kept::keep;
    }

    /**
     * For an engine without HostFlow's database (the process tests' own engine): a message that a suspended instance
     * misses has nowhere to be kept, and fails the sender.
     */
    public LifecycleEvents(RuntimeService runtime, RepositoryService repository) {
        this.runtime = runtime;
        this.repository = repository;
        this.missed = (processInstanceId, message) -> {
            throw new IllegalStateException(message + " missed by suspended process instance " + processInstanceId
                    + ": nowhere to keep it");
        };
    }

    /** Starts a per-service process; its business key is the service id. Answers the process instance id. */
    public String start(String processKey, long serviceId, Map<String, Object> variables) {
        return own(() -> runtime.startProcessInstanceByKey(processKey, Long.toString(serviceId), variables).getId());
    }

    /**
     * Whether HostFlow's own code is starting a process instance on this thread now (through this class), not an
     * admin through the engine REST or Cockpit: {@link ProcessStartChecks} lets only HostFlow start some processes.
     */
    public static boolean startingOwnProcess() {
        return OWN_STARTS.get() > 0;
    }

    private static String own(Supplier<String> start) {
        OWN_STARTS.set(OWN_STARTS.get() + 1);
        try {
            return start.get();
        } finally {
            OWN_STARTS.set(OWN_STARTS.get() - 1);
        }
    }

    /**
     * The latest deployed version of the process: a batch that starts many instances of it asks once (starting by
     * key asks the database for the latest version every time), then starts them with
     * {@link #startInlineOf(String, long, String, Map)}.
     */
    public String latestDefinition(String processKey) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion()
                .singleResult().getId();
    }

    /**
     * Starts a per-service process of a definition found by {@link #latestDefinition} at {@code activityId}, in the
     * caller's transaction, skipping the start event's asynchronous continuation: the billing run's fast path.
     */
    public String startInlineOf(String processDefinitionId, long serviceId, String activityId,
            Map<String, Object> variables) {
        return own(() -> runtime.createProcessInstanceById(processDefinitionId).businessKey(Long.toString(serviceId))
                .setVariables(variables).startBeforeActivity(activityId).execute().getId());
    }

    /** Starts a process that belongs to no service (the billing run). */
    public String startProcess(String processKey) {
        return own(() -> runtime.startProcessInstanceByKey(processKey).getId());
    }

    /** Starts a process under a business key of its own (e.g. a notification's), not a service's. */
    public String startProcess(String processKey, String businessKey, Map<String, Object> variables) {
        return own(() -> runtime.startProcessInstanceByKey(processKey, businessKey, variables).getId());
    }

    /** Starts the process whose message start event waits for {@code message}; no service. */
    public String startByMessage(String message) {
        return own(() -> runtime.startProcessInstanceByMessage(message).getId());
    }

    /** Starts the per-service process whose message start event waits for {@code message}. */
    public String startByMessage(String message, long serviceId, Map<String, Object> variables) {
        return own(() -> runtime.startProcessInstanceByMessage(message, Long.toString(serviceId), variables).getId());
    }

    /** Whether an instance of the process other than {@code processInstanceId} runs for the service. */
    public boolean runsBeside(String processKey, long serviceId, String processInstanceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(Long.toString(serviceId)).list().stream()
                .anyMatch(instance -> !instance.getId().equals(processInstanceId));
    }

    /** The instances of the process that run for the service (one an admin suspended in Cockpit too). */
    public List<String> running(String processKey, long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(Long.toString(serviceId)).list().stream().map(ProcessInstance::getId)
                .toList();
    }

    /** Whether the process instance still runs. */
    public boolean isRunning(String processInstanceId) {
        return runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
    }

    /**
     * Tells the service's processes that wait for money; one suspended (in Cockpit) hears it once it is activated.
     * Answers how many heard it now.
     */
    public int paymentReceived(long serviceId) {
        return tellOrKeep(MESSAGE_PAYMENT_RECEIVED, serviceId, null);
    }

    /**
     * Whether a process of the service that waits for {@code message} is suspended (by an admin, in Cockpit): it
     * hears no message until it is activated again.
     */
    public boolean suspendedWaitFor(String message, long serviceId) {
        return runtime.createExecutionQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .messageEventSubscriptionName(message).suspended().count() > 0;
    }

    /**
     * Hands a deletion to a wait of the service that takes it over (an unpaid order, a deletion waiting for the end of
     * the period). Answers how many waits heard it (none: no process of the service waits for a deletion, or the one
     * that does is suspended, and the caller starts a deletion of its own). Nothing is kept for a suspended one: the
     * deletion it would have taken is under way, and announces itself ({@link #deletionAnnounced}).
     */
    public int deletionRequested(long serviceId) {
        return correlate(MESSAGE_DELETION_REQUESTED, serviceId);
    }

    /**
     * The service's deletion tells the service's other waits (an unpaid prolongation, a pending suspension, an unpaid
     * order) that they end: one suspended in Cockpit hears it once it is activated. Nothing is kept for another
     * instance of {@code announcerKey}, the deletion's own process (a client's deletion suspended while an admin's took
     * over): a deletion is handed over ({@link #deletionRequested}), never kept. Answers how many heard it now.
     */
    public int deletionAnnounced(long serviceId, String announcerKey) {
        return tellOrKeep(MESSAGE_DELETION_REQUESTED, serviceId, announcerKey);
    }

    /** Answers how many deletions heard it (none: no deletion of the service waits for the end of its period). */
    public int deletionWithdrawn(long serviceId) {
        return correlate(MESSAGE_DELETION_WITHDRAWN, serviceId);
    }

    /**
     * Hands a client's prolongation, with the period asked for, to the waits of the service's running prolongation:
     * the process instances whose variable {@code claimVariable} is {@code claim} (the prolongation and the BILLING
     * suspension it called, never an admin's suspension). Answers how many heard it; they run on in the caller's
     * transaction.
     */
    public int prolongationRequested(long serviceId, String claimVariable, String claim,
            Map<String, Object> variables) {
        return runtime.createMessageCorrelation(MESSAGE_PROLONGATION_REQUESTED)
                .processInstanceBusinessKey(Long.toString(serviceId))
                .processInstanceVariableEquals(claimVariable, claim).setVariables(variables)
                .correlateAllWithResult().size();
    }

    /**
     * Whether a wait for {@link #prolongationRequested} of the service's running prolongation (the instances whose
     * variable {@code claimVariable} is {@code claim}) is suspended by an admin in Cockpit: it hears no client's
     * prolongation until it is activated again.
     */
    public boolean suspendedProlongationWait(long serviceId, String claimVariable, String claim) {
        return runtime.createExecutionQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .messageEventSubscriptionName(MESSAGE_PROLONGATION_REQUESTED)
                .processVariableValueEquals(claimVariable, claim).suspended().count() > 0;
    }

    /**
     * Tells the process instances {@code callerProcessInstanceId} called (its call activities' module operations)
     * that their operation is withdrawn ({@link #operationWithdrawn}). Answers how many were told.
     */
    public int operationsWithdrawn(String callerProcessInstanceId) {
        List<String> called = runtime.createProcessInstanceQuery().superProcessInstanceId(callerProcessInstanceId)
                .list().stream().map(ProcessInstance::getId).toList();
        called.forEach(this::operationWithdrawn);
        return called.size();
    }

    /**
     * Withdraws the operation of a ModuleOperationProcess instance, in the caller's transaction. The instance notes it
     * ({@code operationWithdrawn}, read by its gateways before anything waits again) and a wait of it that listens
     * for Msg_OperationWithdrawn (a department task, the back-off, retry later) ends; while it calls or polls the
     * module nothing listens, and none waiting is fine. The note also bumps the instance's revision, so a worker that
     * completes a call of it at the same moment (and would, not seeing the note yet, create a department task that
     * no message ends) meets a concurrent change and runs again, seeing it. An instance suspended in Cockpit that
     * waits for it hears it once it is activated.
     */
    public void operationWithdrawn(String processInstanceId) {
        commands().execute(context -> {
            ExecutionEntity instance = context.getExecutionManager().findExecutionById(processInstanceId);
            if (instance != null) {
                instance.setVariable(OPERATION_WITHDRAWN, true);
                instance.forceUpdate();
            }
            return null;
        });
        tellOrKeep(MESSAGE_OPERATION_WITHDRAWN,
                runtime.createMessageCorrelation(MESSAGE_OPERATION_WITHDRAWN).processInstanceId(processInstanceId),
                runtime.createExecutionQuery().processInstanceId(processInstanceId), null);
    }

    private CommandExecutor commands() {
        return ((RuntimeServiceImpl) runtime).getCommandExecutor();
    }

    /** The service's expiry reminder ends; one suspended in Cockpit hears it once it is activated. */
    public void remindersWithdrawn(long serviceId) {
        tellOrKeep(MESSAGE_REMINDERS_WITHDRAWN, serviceId, null);
    }

    /**
     * Wakes the process instances whose turn came, in the transaction that gave it. An instance that no longer waits
     * (cancelled meanwhile) is skipped; its turn expires with its lease. One an admin suspended in Cockpit hears no
     * message and is skipped too: it keeps the turn, and its re-check takes it once the instance is activated again.
     */
    public void giveTurns(List<String> processInstanceIds) {
        for (String processInstanceId : processInstanceIds) {
            boolean waiting = runtime.createExecutionQuery().processInstanceId(processInstanceId)
                    .messageEventSubscriptionName(MESSAGE_TURN_GIVEN).active().count() > 0;
            if (waiting) {
                runtime.createMessageCorrelation(MESSAGE_TURN_GIVEN).processInstanceId(processInstanceId)
                        .correlateWithResult();
            } else {
                log.debug("turn for {} given while it does not wait (or is suspended); it takes it on its next try",
                        processInstanceId);
            }
        }
    }

    /** Marks the execution with an incident that Cockpit counts; {@code taskId} is its configuration. */
    public void raiseDepartmentIncident(String executionId, String taskId, String message) {
        runtime.createIncident(INCIDENT_WAITS_FOR_DEPARTMENT, executionId, taskId, message);
    }

    public void resolveDepartmentIncidents(String executionId) {
        runtime.createIncidentQuery().executionId(executionId).incidentType(INCIDENT_WAITS_FOR_DEPARTMENT).list()
                .forEach(incident -> runtime.resolveIncident(incident.getId()));
    }

    /** Every process of the service that waits for the message hears it; none waiting is fine. */
    private int correlate(String message, long serviceId) {
        return runtime.createMessageCorrelation(message).processInstanceBusinessKey(Long.toString(serviceId))
                .correlateAllWithResult().size();
    }

    /**
     * As {@link #correlate}, and the message is kept for each process of the service that waits but is suspended
     * (not for one of {@code notKeptFor}, a process key or null).
     */
    private int tellOrKeep(String message, long serviceId, String notKeptFor) {
        String businessKey = Long.toString(serviceId);
        return tellOrKeep(message, runtime.createMessageCorrelation(message).processInstanceBusinessKey(businessKey),
                runtime.createExecutionQuery().processInstanceBusinessKey(businessKey), notKeptFor);
    }

    /**
     * Correlates {@code correlation} to every active wait it matches, and keeps {@code message} for each instance of
     * {@code waits} (the same instances) that waited for it before and that it did not reach because it is suspended:
     * suspended before the correlation, or now (suspended meanwhile). One it did not reach while active had stopped
     * waiting in this very transaction (a prolongation whose own step runs the deletion that announces itself: the
     * engine's rows still show the wait it left). None is kept for an instance of {@code notKeptFor} (a process key,
     * or null). Answers how many heard it.
     */
    private int tellOrKeep(String message, MessageCorrelationBuilder correlation, ExecutionQuery waits,
            String notKeptFor) {
        Map<String, Boolean> suspendedBefore = new HashMap<>();
        waits.messageEventSubscriptionName(message).list().forEach(wait -> suspendedBefore
                .merge(wait.getProcessInstanceId(), wait.isSuspended(), Boolean::logicalOr));
        List<MessageCorrelationResult> heard = correlation.correlateAllWithResult();
        heard.forEach(result -> suspendedBefore.remove(result.getExecution() != null
                ? result.getExecution().getProcessInstanceId() : result.getProcessInstance().getId()));
        Set<String> waiting = new HashSet<>();
        suspendedBefore.forEach((processInstanceId, suspended) -> {
            if (suspended || runtime.createExecutionQuery().processInstanceId(processInstanceId).suspended()
                    .count() > 0) {
                waiting.add(processInstanceId);
            }
        });
        if (!waiting.isEmpty() && notKeptFor != null) {
            runtime.createProcessInstanceQuery().processInstanceIds(waiting).processDefinitionKey(notKeptFor).list()
                    .forEach(instance -> waiting.remove(instance.getId()));
        }
        waiting.forEach(processInstanceId -> missed.accept(processInstanceId, message));
        return heard.size();
    }
}
