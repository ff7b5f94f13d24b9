package com.hostflow.history;

import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;

/**
 * Camunda's {@code audit} history plus one thing: every evaluation of a DMN decision (inputs, matched rules, outputs),
 * so Cockpit's Decisions shows why a module failure went to a department. Process instances record exactly what
 * {@code audit} records (no variable update details, job logs or user operation log), which keeps the history of a
 * service small.
 *
 * <p>It keeps the id of {@code audit} (2): the engine stores only the id in {@code ACT_GE_PROPERTY} and refuses to
 * start when it differs from the configured level's, so databases made with {@code audit} start with this level
 * (and back) without a migration, and nodes of either level can share one database during an upgrade.
 */
final class AuditWithDecisionsHistoryLevel extends AbstractHistoryLevel {

    static final String NAME = "audit-with-decisions";

    static final AuditWithDecisionsHistoryLevel INSTANCE = new AuditWithDecisionsHistoryLevel();

    private AuditWithDecisionsHistoryLevel() {
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
        return eventType == HistoryEventTypes.DMN_DECISION_EVALUATE
                || HistoryLevel.HISTORY_LEVEL_AUDIT.isHistoryEventProduced(eventType, entity);
    }
}
