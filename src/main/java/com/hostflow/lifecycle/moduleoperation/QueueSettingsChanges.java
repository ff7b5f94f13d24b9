package com.hostflow.lifecycle.moduleoperation;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.ProcessingModuleQueueChanged;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.modules.ModuleQueueSlots;

/**
 * A module's new queue settings take effect at once: the operations that wait in line and now have a turn (more
 * slots, or no queue any more) are woken in the admin's transaction, instead of when a running operation frees its
 * slot or their recheck timer comes.
 */
@Component
class QueueSettingsChanges {

    private final ModuleQueueSlots slots;
    private final LifecycleEvents events;

    QueueSettingsChanges(ModuleQueueSlots slots, LifecycleEvents events) {
        this.slots = slots;
        this.events = events;
    }

    @EventListener
    void queueChanged(ProcessingModuleQueueChanged change) {
        events.giveTurns(slots.settingsChanged(change.module()));
    }
}
