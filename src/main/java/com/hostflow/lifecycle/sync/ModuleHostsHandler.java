package com.hostflow.lifecycle.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;

/**
 * Task_FindOrphanHosts (topic {@code module-hosts}): lists the hosts of every place the modules point at, with no
 * transaction open, then replaces the report of hosts no service owns in the transaction that completes the task, with
 * what the OrphanHostPolicy says of each host HostFlow made for a service; {@code twinHosts} tells the round how many
 * it said to delete. A module that cannot be listed now keeps its last report and is listed again next round.
 */
@Component
class ModuleHostsHandler implements ExternalTaskHandler {

    static final String TOPIC = "module-hosts";

    private static final Logger log = LoggerFactory.getLogger(ModuleHostsHandler.class);

    private final OrphanHosts orphans;
    private final ModuleTypeRegistry moduleTypes;

    ModuleHostsHandler(OrphanHosts orphans, ModuleTypeRegistry moduleTypes) {
        this.orphans = orphans;
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
        List<OrphanHosts.Listing> listings = new ArrayList<>();
        for (OrphanHosts.Place place : orphans.places()) {
            ProcessingModuleAdapter adapter = moduleTypes.adapter(place.module().moduleType()).orElse(null);
            if (adapter == null) {
                continue;
            }
            try {
                listings.add(new OrphanHosts.Listing(place, adapter.hosts(place.module())));
            } catch (ModuleTechnicalException e) {
                log.warn("could not list the hosts of module {} ({}): {}; its report stays as it was",
                        place.module().id(), place.module().name(), e.getMessage());
                listings.add(new OrphanHosts.Listing(place, null));
            }
        }
        completion.complete(task, () -> {
            int reported = orphans.record(listings);
            return Map.of(ServiceSyncProcess.ORPHAN_HOSTS, reported, ServiceSyncProcess.TWIN_HOSTS,
                    orphans.twinsToDelete());
        });
    }
}
