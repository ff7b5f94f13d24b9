package com.hostflow.history;

import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.*;

import java.util.EnumSet;
import java.util.Set;

import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.migration.instance.MigratingActivityInstance;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * HostFlow's history levels; both keep what Cockpit, Tasklist and an audit read, and differ only in how much of a
 * process's path and variables they keep.
 *
 * <p>Both keep: historic process instances (Cockpit's search of ended instances; {@code endActivityId} tells how one
 * ended), user tasks ({@code ACT_HI_TASKINST}) with their identity links and form properties, incidents, the user
 * operation log (what a logged-in user did in Cockpit, Tasklist or the REST API), every DMN evaluation (Cockpit's
 * Decisions) but a page's preview ({@link DecisionPreviews}), batches, and the failures of jobs and external tasks (rows only when something failed). No job or
 * external-task log of the normal path and no variable update details.
 *
 * <ul>
 * <li>{@value #LEAN_NAME} (production default): activity instances of user tasks only and historic variables only of
 * {@link #SEARCHED_VARIABLES}. The rest of a service's story is HostFlow's own: the operation journal
 * ({@code service_operation}), the audit log, charges and expenses; every per-service process carries the service id
 * as business key, so no variable is needed to find a service's processes.</li>
 * <li>{@value #FULL_NAME}: every activity instance and every variable as well (what Camunda's {@code audit} keeps);
 * the test profile runs it for the process-path assertions.</li>
 * </ul>
 *
 * <p>Both keep the id of {@code audit} (2): the engine stores only the id in {@code ACT_GE_PROPERTY} and refuses to
 * start when it differs from the configured level's, so a database switches between the two (and {@code audit})
 * without a migration, and nodes of either level can share one database during an upgrade.
 */
public final class HostFlowHistoryLevel extends AbstractHistoryLevel {

    public static final String LEAN_NAME = "audit-with-decisions-lean";
    public static final String FULL_NAME = "audit-with-decisions";

    /**
     * The variables the lean level keeps: the order id is the one id of a service's story that is not the business
     * key (clients and payments quote it), so {@code /history/variable-instance?variableName=orderId} finds the order.
     */
    static final Set<String> SEARCHED_VARIABLES = Set.of("orderId");

    static final HostFlowHistoryLevel LEAN = new HostFlowHistoryLevel(LEAN_NAME, true);
    static final HostFlowHistoryLevel FULL = new HostFlowHistoryLevel(FULL_NAME, false);

    private static final Set<HistoryEventTypes> ALWAYS = EnumSet.of(
            PROCESS_INSTANCE_START, PROCESS_INSTANCE_UPDATE, PROCESS_INSTANCE_MIGRATE, PROCESS_INSTANCE_END,
            TASK_INSTANCE_CREATE, TASK_INSTANCE_UPDATE, TASK_INSTANCE_MIGRATE, TASK_INSTANCE_COMPLETE,
            TASK_INSTANCE_DELETE, IDENTITY_LINK_ADD, IDENTITY_LINK_DELETE, FORM_PROPERTY_UPDATE,
            INCIDENT_CREATE, INCIDENT_MIGRATE, INCIDENT_DELETE, INCIDENT_RESOLVE, INCIDENT_UPDATE,
            USER_OPERATION_LOG, DMN_DECISION_EVALUATE, BATCH_START, BATCH_UPDATE, BATCH_END,
            JOB_FAIL, EXTERNAL_TASK_FAIL);

    private static final Set<HistoryEventTypes> ACTIVITY = EnumSet.of(ACTIVITY_INSTANCE_START,
            ACTIVITY_INSTANCE_UPDATE, ACTIVITY_INSTANCE_MIGRATE, ACTIVITY_INSTANCE_END);

    private static final Set<HistoryEventTypes> VARIABLE = EnumSet.of(VARIABLE_INSTANCE_CREATE,
            VARIABLE_INSTANCE_UPDATE, VARIABLE_INSTANCE_MIGRATE, VARIABLE_INSTANCE_DELETE);

    private final String name;
    private final boolean lean;

    private HostFlowHistoryLevel(String name, boolean lean) {
        this.name = name;
        this.lean = lean;
    }

    @Override
    public int getId() {
        return HistoryLevel.HISTORY_LEVEL_AUDIT.getId();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        if (eventType == DMN_DECISION_EVALUATE && entity != null && DecisionPreviews.previewing()) {
            return false;
        }
        if (ALWAYS.contains(eventType)) {
            return true;
        }
        // entity null: the engine asks while parsing a model whether to listen at all, so say yes
        if (ACTIVITY.contains(eventType)) {
            return !lean || entity == null || isUserTask(entity);
        }
        if (VARIABLE.contains(eventType)) {
            return !lean || entity == null || entity instanceof VariableInstanceEntity variable
                    && SEARCHED_VARIABLES.contains(variable.getName());
        }
        return false;
    }

    /** Start, update and end of one activity instance are decided alike, so no end looks for a start never written. */
    private static boolean isUserTask(Object entity) {
        Object type = null;
        if (entity instanceof ExecutionEntity execution) {
            ActivityImpl activity = execution.getActivity();
            type = activity == null ? null : activity.getProperty("type");
        } else if (entity instanceof MigratingActivityInstance migrating) {
            type = migrating.getActivityInstance().getActivityType();
        }
        return "userTask".equals(type);
    }
}
