package com.hostflow.lifecycle.moduleoperation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.notifications.NotificationSettings;
import com.hostflow.services.ClientContacts;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;

/**
 * What a department task tells the person who opens it in Tasklist: which service, client, tariff, module and
 * operation, what the module said, how often it was called, the links to the service and the process, and what each
 * answer does. Read when the task is created; the facts become the form's read-only fields (variables of the
 * operation's process, so Cockpit shows them too; never a secret).
 */
@Component
public class DepartmentTaskStories {

    /** The task's title and description, and the form's read-only facts (task-local variables). */
    public record Story(String title, String description, Map<String, Object> facts) {
    }

    private final ServiceRepository services;
    private final ClientContacts clients;
    private final CatalogLookup catalog;
    private final OperationJournal journal;
    private final String base;

    public DepartmentTaskStories(ServiceRepository services, ClientContacts clients, CatalogLookup catalog,
            OperationJournal journal, NotificationSettings settings) {
        this.services = services;
        this.clients = clients;
        this.catalog = catalog;
        this.journal = journal;
        this.base = settings.publicUrl() == null ? "" : settings.publicUrl().replaceAll("/+$", "");
    }

    /** Task_HandleFailedOperation: the module failed and the failure policy asks the department. */
    @Transactional(readOnly = true)
    public Story failedOperation(Operation op, String errorCode, String moduleMessage) {
        Facts facts = facts(op);
        String message = moduleMessage == null || moduleMessage.isBlank() ? errorCode
                : moduleMessage + (errorCode == null ? "" : " (" + errorCode + ")");
        String title = "Service " + op.serviceId() + " · " + op.operation() + " failed · " + facts.who();
        String description = facts.context() + "\n"
                + "The module could not " + verb(op.operation()) + " service " + op.serviceId() + " after "
                + facts.calls() + (facts.calls() == 1 ? " call" : " calls") + ": " + message + ".\n"
                + "Claim the task, then choose:\n"
                + "• Retry — HostFlow calls the module again; fix the cause first. A VM that VMmanager left broken is"
                + " deleted and created anew, never adopted.\n"
                + "• Skip — you did it by hand" + ("open".equals(op.operation())
                        ? "; enter the VM's external id and addresses (and the client's login) below" : "") + ".\n"
                + "• Abort — " + abortEffect(op.operation()) + ".\n"
                + facts.links();
        Map<String, Object> values = facts.values();
        values.put("failureText", message);
        return new Story(title, description, values);
    }

    /** Task_DoManualWork: a manual module asks a person to do the operation. */
    @Transactional(readOnly = true)
    public Story manualWork(Operation op, String instructions) {
        Facts facts = facts(op);
        String title = "Service " + op.serviceId() + " · " + op.operation() + " by hand · " + facts.who();
        String description = facts.context() + "\n"
                + (instructions == null ? "" : instructions + "\n")
                + "Claim the task, do the work, then enter what you did"
                + ("open".equals(op.operation()) ? " (the external id, addresses and the client's login)" : "")
                + " and complete it.\n"
                + facts.links();
        return new Story(title, description, facts.values());
    }

    /** The operation a task belongs to, as ModuleOperationProcess knows it. */
    public record Operation(long serviceId, String operation, String operationKey, String processInstanceId) {
    }

    private Facts facts(Operation op) {
        Optional<ServiceInstance> service = services.findById(op.serviceId());
        String client = service.flatMap(s -> clients.contact(s.getClientId()))
                .map(c -> c.email() == null ? c.name() : c.name() + " <" + c.email() + ">").orElse("unknown client");
        String tariff = service.flatMap(s -> catalog.tariff(s.getTariffId())).map(TariffTerms::name)
                .orElse("unknown tariff");
        String module = service.map(ServiceInstance::getProcessingModuleId).flatMap(catalog::processingModule)
                .map(ProcessingModuleConfig::name).orElse("no module yet");
        String externalId = service.map(ServiceInstance::getExternalId).orElse(null);
        return new Facts(op, client, tariff, module, externalId, journal.calls(op.operationKey()), base);
    }

    /** @param base HostFlow's address as staff reach it, for absolute links ("" for links relative to Tasklist) */
    private record Facts(Operation op, String client, String tariff, String module, String externalId, long calls,
            String base) {

        String who() {
            return client + " · " + tariff;
        }

        String context() {
            return client + " · tariff " + tariff + " · module " + module
                    + (externalId == null ? "" : " · VM id " + externalId);
        }

        /** The service's console page, which staff may read (the API's JSON asked them for HTTP Basic). */
        String serviceLink() {
            return base + "/console/services/" + op.serviceId();
        }

        String processLink() {
            return base + "/camunda/app/cockpit/default/#/process-instance/" + op.processInstanceId() + "/runtime";
        }

        String links() {
            // Cockpit takes administrators only
            return "Service: " + serviceLink() + " · Process in Cockpit (administrators): " + processLink();
        }

        Map<String, Object> values() {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("serviceSummary", "Service " + op.serviceId() + " · " + client + " · " + tariff);
            values.put("operationName", op.operation());
            values.put("moduleName", module);
            values.put("moduleCalls", calls);
            values.put("knownExternalId", externalId == null ? "" : externalId);
            values.put("serviceLink", serviceLink());
            values.put("processLink", processLink());
            return values;
        }
    }

    private static String verb(String operation) {
        return switch (operation) {
            case "open" -> "open (create)";
            case "setparam" -> "change the resources of";
            case "suspend" -> "suspend";
            case "resume" -> "resume";
            case "close" -> "delete";
            case "reset_password" -> "reset the password of";
            case "sync" -> "check";
            default -> operation;
        };
    }

    private static String abortEffect(String operation) {
        return switch (operation) {
            case "open" -> "the order fails, whatever the module created is closed and the client's money goes back";
            case "setparam" -> "the change is undone and its money goes back";
            case "suspend" -> "the service is not suspended";
            case "resume" -> "the service stays suspended, with its reasons, and can be resumed again";
            case "close" -> "the service is kept and billed as before";
            case "reset_password" -> "the password stays as it was; the client is told";
            default -> "the operation is given up";
        };
    }
}
