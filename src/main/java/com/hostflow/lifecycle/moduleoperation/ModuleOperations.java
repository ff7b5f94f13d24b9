package com.hostflow.lifecycle.moduleoperation;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.credentials.ServiceCredentials.ChosenPasswords;
import com.hostflow.lifecycle.ExternalTaskWorkerSettings;
import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleQueueSlots;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleSelector;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.services.ClientContacts;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.OperationOutcome;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;

/**
 * One module operation on a service, as ModuleOperationProcess runs it. A call is three steps so that the module is
 * called with no transaction open: {@link #prepare} (reads what the module needs and journals the attempt),
 * {@link ModuleCall#invoke} (the remote call, in no transaction), and {@link #finish} (applies the answer to the
 * service and journals it, in the transaction that also completes the process's task). The answer is reduced to a
 * {@link ModuleCallResult} the process routes on.
 */
@Service
public class ModuleOperations {

    /** The journal's name of choosing the module, which also calls modules (their connection checks). */
    static final String SELECT = "select";

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;
    private final ModuleSelector selector;
    private final OperationJournal journal;
    private final ClientContacts clientContacts;
    private final ModuleQueueSlots moduleQueue;
    private final ServiceCredentials credentials;
    private final List<ModuleAnswerListener> answerListeners;
    private final Clock clock;
    private final Duration longestCall;
    private final String fallbackDepartment;

    ModuleOperations(ServiceRepository services, CatalogLookup catalog, ModuleTypeRegistry moduleTypes,
            ModuleSelector selector, OperationJournal journal, ClientContacts clientContacts,
            ModuleQueueSlots moduleQueue, ServiceCredentials credentials,
            ObjectProvider<ModuleAnswerListener> answerListeners, Clock clock, ExternalTaskWorkerSettings workers,
            @Value("${hostflow.services.fallback-department:support}") String fallbackDepartment) {
        this.services = services;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
        this.selector = selector;
        this.journal = journal;
        this.clientContacts = clientContacts;
        this.moduleQueue = moduleQueue;
        this.credentials = credentials;
        this.answerListeners = answerListeners.orderedStream().toList();
        this.clock = clock;
        // a worker's lock outlasts its longest call: past it, a call of the module has returned or given up
        this.longestCall = workers.lockDuration();
        this.fallbackDepartment = fallbackDepartment;
    }

    /** A prepared call of one module operation: everything the remote call needs, and its journal entry. */
    public record ModuleCall(long serviceId, String operation, String operationKey, long attempt,
            ProcessingModuleConfig module, ProcessingModuleAdapter adapter, ModuleRequest request) {

        /** Calls the module (execute, or poll with {@code handle}); never inside a transaction. */
        public Answer invoke(String handle) {
            try {
                return new Answer(handle == null ? adapter.execute(module, request)
                        : adapter.poll(module, request, handle), null);
            } catch (ModuleTechnicalException e) {
                return new Answer(null, e);
            }
        }

        /**
         * Calls the module and, when it answers "pending", looks at the operation once more at once: what the module
         * finished meanwhile is answered as finished, with the pending answer kept for what it chose (credentials).
         * A look that finds it still running or fails answers the pending answer: the poll timer takes over.
         */
        public Answer invokeAndLook() {
            Answer answer = invoke(null);
            if (answer.outcome() instanceof ModuleOutcome.Pending pending) {
                Answer look = invoke(pending.handle());
                if (look.failure() == null && !(look.outcome() instanceof ModuleOutcome.Pending)) {
                    return new Answer(look.outcome(), null, pending);
                }
            }
            return answer;
        }

        @Override
        public String toString() {
            return "ModuleCall[" + operationKey + ", attempt " + attempt + "]";
        }
    }

    /**
     * The module's answer, or the technical failure it came to; {@code started} is the "pending" answer of the call
     * when a look at once found the operation already finished (null otherwise).
     */
    public record Answer(ModuleOutcome outcome, ModuleTechnicalException failure, ModuleOutcome.Pending started) {

        public Answer(ModuleOutcome outcome, ModuleTechnicalException failure) {
            this(outcome, failure, null);
        }
    }

    /** The tariff's modules tried in order for opening the service, with their connection checks. */
    public record SelectionCall(long serviceId, String operationKey, long attempt, long tariffId) {
    }

    /**
     * Takes a queue slot when the service's module runs operations in queue; true when the call may go ahead. An
     * operation {@code behindOthers} lets every other waiting operation go first.
     */
    @Transactional
    public boolean tryAcquireQueueSlot(long serviceId, String operationKey, String processInstanceId,
            boolean behindOthers) {
        return moduleQueue.tryAcquire(moduleOf(service(serviceId)), operationKey, processInstanceId, behindOthers)
                .acquired();
    }

    /** Frees the operation's slot; answers the waiting process instances whose turn came. */
    @Transactional
    public List<String> releaseQueueSlot(String operationKey) {
        return moduleQueue.release(operationKey);
    }

    @Transactional
    public ModuleCall prepare(long serviceId, String operation, String operationKey) {
        ServiceInstance service = service(serviceId);
        ProcessingModuleConfig module = moduleOf(service);
        ProcessingModuleAdapter adapter = moduleTypes.adapter(module.moduleType()).orElseThrow(
                () -> new IllegalStateException("no adapter for module type " + module.moduleType()));
        OperationJournal.Attempt attempt = journal.startAttempt(serviceId, operation, operationKey);
        // chosen and stored before the call, so every attempt of the operation sets the same ones
        ModuleOperation feature = ModuleOperation.ofFeature(operation);
        boolean root = adapter.setsRootPassword(feature);
        boolean account = adapter.createsAccount(feature);
        ChosenPasswords chosen = root || account
                ? credentials.chooseAhead(serviceId, service.getClientId(), operationKey, root, account)
                : ChosenPasswords.NONE;
        return new ModuleCall(serviceId, operation, operationKey, attempt.id(), module, adapter,
                request(service, operation, operationKey, attempt.first(), chosen));
    }

    /** Applies the module's answer to the service and journals it; the caller's transaction completes the task. */
    @Transactional
    public ModuleCallResult finish(ModuleCall call, Answer answer) {
        ModuleCallResult result = result(call, answer);
        if (answer.started() != null) {
            // the call's own answer first: what it chose is held, then confirmed (or dropped) by the outcome
            apply(call, answer.started());
        }
        if (answer.outcome() != null) {
            apply(call, answer.outcome());
        }
        if (answer.outcome() instanceof ModuleOutcome.Completed completed && completed.data() != null) {
            ModuleOutcome.ExternalData data = completed.data();
            service(call.serviceId()).applyExternalData(data.externalId(), data.ipAddresses(), clock.instant());
        }
        if (result.kind() == Kind.PENDING) {
            moduleQueue.renew(call.operationKey());
        }
        journal.finishAttempt(call.attempt(), OperationOutcome.valueOf(result.kind().name()), result.journalMessage());
        return result;
    }

    private void apply(ModuleCall call, ModuleOutcome outcome) {
        // passwords a module created go to the encrypted store, never into the journal or a process variable
        credentials.fromModule(call.serviceId(), service(call.serviceId()).getClientId(), call.operationKey(),
                outcome);
        for (ModuleAnswerListener listener : answerListeners) {
            listener.answered(call.serviceId(), call.operation(), call.operationKey(), outcome);
        }
    }

    /**
     * The module answered, but the process that called it no longer waits (cancelled in Cockpit while the call ran):
     * nothing of the answer is applied to the service, whose turn was given back when the process ended. The answer
     * is journaled for the record, and whoever listens is told: what the call did at the module (a VM started behind
     * a suspension that came meanwhile) is the drift sync's to put right.
     */
    @Transactional
    public void answerLost(ModuleCall call, Answer answer) {
        ModuleCallResult result = result(call, answer);
        journal.finishAttempt(call.attempt(), OperationOutcome.valueOf(result.kind().name()),
                "answered after its process ended: " + result.journalMessage());
        for (ModuleAnswerListener listener : answerListeners) {
            listener.answerLost(call.serviceId(), call.operation(), call.operationKey());
        }
    }

    /** The module's answer as the process sees it, without the passwords the call carried or the module's own. */
    private ModuleCallResult result(ModuleCall call, Answer answer) {
        return ModuleCallResult.of(answer.outcome(), answer.failure(), departmentOf(call.module())).hiding(
                call.request().rootPassword(), call.request().accountPassword(), call.module().password());
    }

    /** The call failed in HostFlow itself (a bug, a database outage): journaled, then retried by the worker. */
    @Transactional
    public void recordCrash(ModuleCall call, RuntimeException e) {
        journal.finishAttempt(call.attempt(), OperationOutcome.TECHNICAL_FAILURE, "unexpected: " + e);
    }

    @Transactional
    public SelectionCall prepareSelection(long serviceId, String operationKey) {
        long tariffId = services.tariffOf(serviceId)
                .orElseThrow(() -> new IllegalStateException("no service " + serviceId));
        long attempt = journal.startAttempt(serviceId, SELECT, operationKey).id();
        return new SelectionCall(serviceId, operationKey, attempt, tariffId);
    }

    /** Tries the tariff's modules (connection checks over the network); never inside a transaction. */
    public ModuleSelector.Selection select(SelectionCall call) {
        return selector.selectForTariff(call.tariffId(), ModuleOperation.OPEN);
    }

    /** Puts the chosen module on the service, or tells why none can open it; journals either. */
    @Transactional
    public ModuleCallResult finishSelection(SelectionCall call, ModuleSelector.Selection selection) {
        if (selection.module().isPresent() && !catalog.holdProcessingModule(selection.module().get().id())) {
            // deleted during the connection checks (no service had it, so nothing stopped that): choose again
            String gone = "processing module " + selection.module().get().id() + " was deleted while it was chosen";
            journal.finishAttempt(call.attempt(), OperationOutcome.TECHNICAL_FAILURE, gone);
            return new ModuleCallResult(Kind.TECHNICAL_FAILURE, null, "NO_MODULE_REACHABLE", gone, fallbackDepartment);
        }
        if (selection.module().isPresent()) {
            // held until this commits: a deletion or a change of its type under way is waited for, a later one sees
            // the service on it
            ProcessingModuleConfig module = selection.module().get();
            if (services.assignModule(call.serviceId(), module.id(), clock.instant()) == 0) {
                throw new IllegalStateException("no service " + call.serviceId());
            }
            journal.finishAttempt(call.attempt(), OperationOutcome.COMPLETED, selection.explanation());
            return new ModuleCallResult(Kind.COMPLETED, null, null, null, departmentOf(module));
        }
        if (selection.unreachable()) {
            journal.finishAttempt(call.attempt(), OperationOutcome.TECHNICAL_FAILURE, selection.explanation());
            return new ModuleCallResult(Kind.TECHNICAL_FAILURE, null, "NO_MODULE_REACHABLE", selection.explanation(),
                    fallbackDepartment);
        }
        journal.finishAttempt(call.attempt(), OperationOutcome.REJECTED, selection.explanation());
        return new ModuleCallResult(Kind.REJECTED, null, "NO_MODULE", selection.explanation(), fallbackDepartment);
    }

    /** A department member did the operation by hand and told what came of it. */
    @Transactional
    public void recordManualWork(long serviceId, String operation, String operationKey, String externalId,
            String ipAddresses, String comment) {
        service(serviceId).applyExternalData(externalId, splitAddresses(ipAddresses), clock.instant());
        journal.note(serviceId, operation, operationKey, OperationOutcome.DONE_BY_HAND, comment);
    }

    /** The department did a failed operation by hand: what it entered goes on the service, as for manual work. */
    @Transactional
    public void recordSkipped(long serviceId, String operation, String operationKey, String externalId,
            String ipAddresses, String comment) {
        service(serviceId).applyExternalData(externalId == null ? null : externalId.trim(),
                splitAddresses(ipAddresses), clock.instant());
        journal.note(serviceId, operation, operationKey, OperationOutcome.SKIPPED, comment);
    }

    /** The department's choice after the failure policy sent a failed operation to it. */
    @Transactional
    public void recordDepartmentDecision(long serviceId, String operation, String operationKey,
            OperationOutcome decision, String comment) {
        journal.note(serviceId, operation, operationKey, decision, comment);
    }

    /** The failure policy gave the operation up. */
    @Transactional
    public void recordFailure(long serviceId, String operation, String operationKey, String errorCode) {
        journal.note(serviceId, operation, operationKey, OperationOutcome.FAILED,
                "given up by the failure policy after " + errorCode);
    }

    /** Its caller withdrew the operation: it ended without another try. */
    @Transactional
    public void recordWithdrawn(long serviceId, String operation, String operationKey) {
        journal.note(serviceId, operation, operationKey, OperationOutcome.WITHDRAWN,
                "withdrawn by the process that asked for it: no further try");
    }

    private ModuleRequest request(ServiceInstance service, String operation, String operationKey,
            boolean firstAttempt, ChosenPasswords chosen) {
        TariffTerms tariff = catalog.recentTariff(service.getTariffId()).orElseThrow(
                () -> new IllegalStateException("service " + service.getId() + " has unknown tariff "
                        + service.getTariffId()));
        ClientContacts.Contact contact = clientContacts.contact(service.getClientId())
                .orElse(new ClientContacts.Contact(null, "client #" + service.getClientId(), null));
        ModuleOperation feature = ModuleOperation.ofFeature(operation);
        // an open whose process was cancelled while it called the module may create its VM after this close looked
        boolean openMayStillRun = feature == ModuleOperation.CLOSE && service.getExternalId() == null
                && journal.mayStillRun(service.getId(), ModuleOperation.OPEN.feature(), longestCall);
        return new ModuleRequest(feature, service.getId(), operationKey,
                contact.email(), contact.name(), tariff.name(), tariff.template(), service.getDomain(),
                service.getExternalId(), service.getAddons(), service.getPreviousAddons(), service.getParams(),
                service.getSuspensionReasons().stream().map(Enum::name).sorted().toList(), firstAttempt,
                chosen.rootPassword(), chosen.accountPassword(), openMayStillRun);
    }

    private String departmentOf(ProcessingModuleConfig module) {
        return module.departmentKey() == null ? fallbackDepartment : module.departmentKey();
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId)
                .orElseThrow(() -> new IllegalStateException("no service " + serviceId));
    }

    private ProcessingModuleConfig moduleOf(ServiceInstance service) {
        if (service.getProcessingModuleId() == null) {
            throw new IllegalStateException("service " + service.getId() + " has no processing module yet");
        }
        return catalog.recentProcessingModule(service.getProcessingModuleId()).orElseThrow(
                () -> new IllegalStateException("unknown processing module " + service.getProcessingModuleId()));
    }

    static List<String> splitAddresses(String ipAddresses) {
        if (ipAddresses == null || ipAddresses.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ipAddresses.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
