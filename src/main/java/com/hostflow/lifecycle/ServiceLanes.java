package com.hostflow.lifecycle;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.database.RememberedEntities;
import com.hostflow.modules.ModuleQueueSlots;
import com.hostflow.services.ServiceInstance;

import jakarta.persistence.EntityManager;

/**
 * One change at a time per service: the processes that change a service (suspension, resume, parameter change,
 * deletion) take the service's lane before they look at its state and give it back when they end, so two of them
 * never interleave their decisions and module calls. Waiting is a BPMN wait for Msg_TurnGiven, woken when the lane
 * frees. Lanes are queues of one slot in {@link ModuleQueueSlots}, so they hold across nodes.
 */
@Service
public class ServiceLanes {

    private static final Logger log = LoggerFactory.getLogger(ServiceLanes.class);

    private final ModuleQueueSlots queues;
    private final LifecycleEvents events;
    private final EntityManager entities;

    ServiceLanes(ModuleQueueSlots queues, LifecycleEvents events, EntityManager entities) {
        this.queues = queues;
        this.events = events;
        this.entities = entities;
    }

    /** Takes the service's lane for the process instance, or puts it in line; true when it may go ahead. */
    @Transactional
    public boolean take(long serviceId, String processInstanceId) {
        boolean taken = queues.tryAcquireLane(serviceId, key(processInstanceId), processInstanceId,
                events::isRunning).acquired();
        log.debug("lane of service {}: {} {}", serviceId, processInstanceId, taken ? "took it" : "waits in line");
        if (taken) {
            // the transaction may have read the service before (the prolongation that calls a suspension): the change
            // that held the turn until now has committed since
            RememberedEntities.readAgainUnlessChanged(entities, ServiceInstance.class, serviceId);
        }
        return taken;
    }

    /** The process instances in the service's lane: the one that has its turn first, then those in line. */
    @Transactional(readOnly = true)
    public List<String> inLine(long serviceId) {
        return queues.lane(serviceId);
    }

    /** Gives the lane (or the place in line) back and wakes whoever is next. */
    @Transactional
    public void release(String processInstanceId) {
        List<String> next = queues.release(key(processInstanceId));
        log.debug("lane given back by {}; next: {}", processInstanceId, next);
        events.giveTurns(next);
    }

    private static String key(String processInstanceId) {
        return "lane-" + processInstanceId;
    }
}
