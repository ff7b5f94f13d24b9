package com.hostflow.history;

import java.util.Set;

import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * {@value AuditWithDecisionsHistoryLevel#NAME} minus what no audit reads, for databases where the history of every
 * service counts ({@code camunda.bpm.history-level: audit-with-decisions-lean}; measured in BENCHMARKS.md, "Bytes of
 * PostgreSQL per ACTIVE service"): gateways leave no activity instance (the path shows in the activities around
 * them), and the module operation's loop counters and hand-overs ({@link #TECHNICAL_VARIABLES}) leave no historic
 * variable (each attempt and its outcome is in the service's operation journal). Every other event is the same as
 * {@value AuditWithDecisionsHistoryLevel#NAME}'s, decisions included.
 *
 * <p>It keeps the id of {@code audit} (2), like {@link AuditWithDecisionsHistoryLevel}, so a database can switch
 * between the two without a migration.
 */
final class LeanAuditHistoryLevel extends AbstractHistoryLevel {

    static final String NAME = "audit-with-decisions-lean";

    /** Variables of ModuleOperationProcess that only steer its loops; the operation journal keeps their story. */
    static final Set<String> TECHNICAL_VARIABLES = Set.of("polls", "slotAcquired", "technicalFailures",
            "moduleChosen", "moduleHandle", "moduleOutcome");

    static final LeanAuditHistoryLevel INSTANCE = new LeanAuditHistoryLevel();

    private LeanAuditHistoryLevel() {
    }

    @Override
    public int getId() {
        return HistoryLevel.HISTORY_LEVEL_AUDIT.getId();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        if (!AuditWithDecisionsHistoryLevel.INSTANCE.isHistoryEventProduced(eventType, entity)) {
            return false;
        }
        if (entity instanceof VariableInstanceEntity variable) {
            return !TECHNICAL_VARIABLES.contains(variable.getName());
        }
        if (isActivityEvent(eventType) && entity instanceof ExecutionEntity execution) {
            return !isGateway(execution.getActivity());
        }
        return true;
    }

    private static boolean isActivityEvent(HistoryEventType eventType) {
        return eventType == HistoryEventTypes.ACTIVITY_INSTANCE_START
                || eventType == HistoryEventTypes.ACTIVITY_INSTANCE_UPDATE
                || eventType == HistoryEventTypes.ACTIVITY_INSTANCE_END;
    }

    private static boolean isGateway(ActivityImpl activity) {
        Object type = activity == null ? null : activity.getProperty("type");
        return type instanceof String name && name.endsWith("Gateway");
    }
}
