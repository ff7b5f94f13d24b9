package com.hostflow.services;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleQueueSlots;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.services.ModuleCallResult.Kind;

/**
 * One module operation on a service, step by step as ModuleOperationProcess runs it: every attempt is journaled
 * before the module is called, what the module answers is applied to the service, and the answer is reduced to a
 * {@link ModuleCallResult} the process routes on. Technical failures come back as a result (the process retries and
 * then asks the failure policy); anything else that goes wrong is thrown, so the job retries and ends as an incident.
 */
@Service
public class ModuleOperations {

    private static final Logger log = LoggerFactory.getLogger(ModuleOperations.class);

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;
    private final OperationJournal journal;
    private final ClientContacts clientContacts;
    private final ModuleQueueSlots moduleQueue;
    private final ServiceCredentials credentials;
    private final Clock clock;
    private final String fallbackDepartment;

    ModuleOperations(ServiceRepository services, CatalogLookup catalog, ModuleTypeRegistry moduleTypes,
            OperationJournal journal, ClientContacts clientContacts,
            ModuleQueueSlots moduleQueue, ServiceCredentials credentials, Clock clock,
            @Value("${hostflow.services.fallback-department:support}") String fallbackDepartment) {
        this.services = services;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
        this.journal = journal;
        this.clientContacts = clientContacts;
        this.moduleQueue = moduleQueue;
        this.credentials = credentials;
        this.clock = clock;
        this.fallbackDepartment = fallbackDepartment;
    }

    /** Takes a queue slot when the service's module runs operations in queue; true when the call may go ahead. */
    @Transactional
    public boolean tryAcquireQueueSlot(long serviceId, String operationKey) {
        ProcessingModuleConfig module = moduleOf(service(serviceId));
        if (module.queue() == null || !module.queue().runInQueue()) {
            return true;
        }
        return moduleQueue.tryAcquire(module, operationKey).acquired();
    }

    @Transactional
    public void releaseQueueSlot(String operationKey) {
        moduleQueue.release(operationKey);
    }

    @Transactional
    public ModuleCallResult call(long serviceId, String operation, String operationKey) {
        ServiceInstance service = service(serviceId);
        ProcessingModuleConfig module = moduleOf(service);
        ProcessingModuleAdapter adapter = adapterOf(module);
        ModuleRequest request = request(service, module, operation, operationKey);
        long attempt = journal.startAttempt(serviceId, operation, operationKey);
        return settle(service, module, attempt, operationKey, () -> adapter.execute(module, request));
    }

    @Transactional
    public ModuleCallResult poll(long serviceId, String operation, String operationKey, String handle) {
        ServiceInstance service = service(serviceId);
        ProcessingModuleConfig module = moduleOf(service);
        ProcessingModuleAdapter adapter = adapterOf(module);
        ModuleRequest request = request(service, module, operation, operationKey);
        long attempt = journal.startAttempt(serviceId, operation, operationKey);
        return settle(service, module, attempt, operationKey, () -> adapter.poll(module, request, handle));
    }

    /** A department member did the operation by hand and told what came of it. */
    @Transactional
    public void recordManualWork(long serviceId, String operation, String operationKey, String externalId,
            String ipAddresses, String comment) {
        service(serviceId).applyExternalData(externalId, splitAddresses(ipAddresses), clock.instant());
        journal.note(serviceId, operation, operationKey, OperationOutcome.DONE_BY_HAND, comment);
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

    private ModuleCallResult settle(ServiceInstance service, ProcessingModuleConfig module, long attempt,
            String operationKey, Supplier<ModuleOutcome> call) {
        String department = module.departmentKey() == null ? fallbackDepartment : module.departmentKey();
        ModuleOutcome outcome;
        try {
            outcome = call.get();
        } catch (ModuleTechnicalException e) {
            journal.finishAttempt(attempt, OperationOutcome.TECHNICAL_FAILURE, e.code() + ": " + e.getMessage());
            return new ModuleCallResult(Kind.TECHNICAL_FAILURE, null, e.code(), e.getMessage(), department);
        } catch (RuntimeException e) {
            journal.finishAttempt(attempt, OperationOutcome.TECHNICAL_FAILURE, "unexpected: " + e);
            throw e;
        }
        // passwords a module created go to the encrypted store, never into the journal or a process variable
        credentials.fromModule(service.getId(), service.getClientId(), operationKey, outcome);
        if (outcome instanceof ModuleOutcome.Completed completed) {
            ModuleOutcome.ExternalData data = completed.data();
            if (data != null) {
                service.applyExternalData(data.externalId(), data.ipAddresses(), clock.instant());
            }
            journal.finishAttempt(attempt, OperationOutcome.COMPLETED, null);
            return new ModuleCallResult(Kind.COMPLETED, null, null, null, department);
        }
        if (outcome instanceof ModuleOutcome.Pending pending) {
            journal.finishAttempt(attempt, OperationOutcome.PENDING, "waiting for " + pending.handle());
            return new ModuleCallResult(Kind.PENDING, pending.handle(), null, null, department);
        }
        if (outcome instanceof ModuleOutcome.Rejected rejected) {
            journal.finishAttempt(attempt, OperationOutcome.REJECTED, rejected.code() + ": " + rejected.message());
            return new ModuleCallResult(Kind.REJECTED, null, rejected.code(), rejected.message(), department);
        }
        ModuleOutcome.ManualWork manual = (ModuleOutcome.ManualWork) outcome;
        journal.finishAttempt(attempt, OperationOutcome.MANUAL_WORK, manual.instructions());
        return new ModuleCallResult(Kind.MANUAL_WORK, null, null, manual.instructions(), department);
    }

    private ModuleRequest request(ServiceInstance service, ProcessingModuleConfig module, String operation,
            String operationKey) {
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow(
                () -> new IllegalStateException("service " + service.getId() + " has unknown tariff "
                        + service.getTariffId()));
        ClientContacts.Contact contact = clientContacts.contact(service.getClientId())
                .orElse(new ClientContacts.Contact(null, "client #" + service.getClientId(), null));
        return new ModuleRequest(ModuleOperation.ofFeature(operation), service.getId(), operationKey,
                contact.email(), contact.name(), tariff.name(), tariff.template(), service.getDomain(),
                service.getExternalId(), service.getAddons(), service.getPreviousAddons(), service.getParams(),
                service.getSuspensionReasons().stream().map(Enum::name).sorted().toList());
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId)
                .orElseThrow(() -> new IllegalStateException("no service " + serviceId));
    }

    private ProcessingModuleConfig moduleOf(ServiceInstance service) {
        if (service.getProcessingModuleId() == null) {
            throw new IllegalStateException("service " + service.getId() + " has no processing module yet");
        }
        return catalog.processingModule(service.getProcessingModuleId()).orElseThrow(
                () -> new IllegalStateException("unknown processing module " + service.getProcessingModuleId()));
    }

    private ProcessingModuleAdapter adapterOf(ProcessingModuleConfig module) {
        return moduleTypes.adapter(module.moduleType()).orElseThrow(
                () -> new IllegalStateException("no adapter for module type " + module.moduleType()));
    }

    static List<String> splitAddresses(String ipAddresses) {
        if (ipAddresses == null || ipAddresses.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ipAddresses.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
