package com.hostflow.lifecycle.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.services.OperationJournal;

/**
 * Task_DeleteTwinHosts (topic {@code module-twin-hosts}): deletes in the module every host of the orphan report that
 * the OrphanHostPolicy marked DELETE_TWIN (a second VM a live service's own open made). Each deletion is journaled
 * with the service (operation {@code delete_twin}) in a transaction of its own before the module is called, the call is
 * made with no transaction open, and its result is written afterwards. A deletion the module cannot make now is
 * journaled as a technical failure; the host stays in the report and the next round tries again.
 */
@Component
class TwinHostsHandler implements ExternalTaskHandler {

    static final String TOPIC = "module-twin-hosts";

    private static final Logger log = LoggerFactory.getLogger(TwinHostsHandler.class);

    private final OrphanHosts orphans;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;

    TwinHostsHandler(OrphanHosts orphans, CatalogLookup catalog, ModuleTypeRegistry moduleTypes) {
        this.orphans = orphans;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public List<String> variables() {
        return List.of();
    }

    @Override
    public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
        int deleted = 0;
        for (OrphanHosts.Twin twin : orphans.twins(task.getProcessInstanceId())) {
            Optional<ProcessingModuleConfig> module = catalog.processingModule(twin.moduleId());
            Optional<ProcessingModuleAdapter> adapter = module.flatMap(m -> moduleTypes.adapter(m.moduleType()));
            if (adapter.isEmpty()) {
                continue;
            }
            OperationJournal.Attempt attempt = orphans.startDeletion(twin, task.getProcessInstanceId());
            if (attempt == null) {
                continue;
            }
            try {
                boolean done = adapter.get().deleteHost(module.get(), twin.host());
                orphans.deletionDone(twin, attempt, done, task.getProcessInstanceId());
                deleted += done ? 1 : 0;
            } catch (ModuleTechnicalException e) {
                log.warn("could not delete host {} of module {}, a second VM of service {}: {}; the next round tries"
                        + " again", twin.host().externalId(), twin.moduleId(), twin.serviceId(), e.getMessage());
                orphans.deletionFailed(twin, attempt, e.getMessage());
            }
        }
        int count = deleted;
        completion.complete(task, () -> Map.of(ServiceSyncProcess.TWIN_HOSTS_DELETED, count));
    }
}
