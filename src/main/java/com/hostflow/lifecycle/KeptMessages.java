package com.hostflow.lifecycle;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages that a process instance suspended by an admin (in Cockpit) did not hear: the engine skips a suspended
 * instance and has no event for its activation. {@link LifecycleEvents} keeps such a message here, in the transaction
 * that sent it, for each instance that waited for it but was suspended; it is told to that instance again once the
 * instance is active: right after an activation through the engine REST (Cockpit's way, {@link KeptMessagesOnActivation})
 * and every minute (an activation by the Java API or a batch). A kept message the instance no longer waits for (it
 * ended, or moved on by a timer or by hand) is dropped.
 */
@Component
public class KeptMessages {

    private static final Logger log = LoggerFactory.getLogger(KeptMessages.class);
    private static final String KEPT = "hostflow.kept_message";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RuntimeService runtime;

    KeptMessages(JdbcTemplate jdbc, PlatformTransactionManager transactions, RuntimeService runtime) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.runtime = runtime;
    }

    /** In the sender's transaction: {@code message} is told to the instance again once it is active. */
    void keep(String processInstanceId, String message) {
        jdbc.update("insert into " + KEPT + " (process_instance_id, message) values (?, ?) on conflict do nothing",
                processInstanceId, message);
        ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(processInstanceId)
                .singleResult();
        log.info("{} kept for process instance {} ({}): it is suspended and hears it once activated", message,
                processInstanceId, instance == null ? "ended" : instance.getProcessDefinitionId());
    }

    /** Tells every kept message whose instance is active again, each in a transaction of its own. */
    @Scheduled(fixedDelayString = "${hostflow.lifecycle.kept-message-sweep:PT1M}")
    public void tellAgain() {
        List<Kept> kept = jdbc.query("select process_instance_id, message from " + KEPT + " order by kept_at"
                + " limit 1000", (row, n) -> new Kept(row.getString(1), row.getString(2)));
        kept.forEach(this::tellAgain);
    }

    private void tellAgain(Kept kept) {
        try {
            transaction.executeWithoutResult(status -> {
                if (jdbc.queryForList("select 1 from " + KEPT + " where process_instance_id = ? and message = ?"
                        + " for update skip locked", kept.processInstanceId(), kept.message()).isEmpty()) {
                    return;
                }
                boolean stillSuspended = runtime.createExecutionQuery().processInstanceId(kept.processInstanceId())
                        .messageEventSubscriptionName(kept.message()).suspended().count() > 0;
                if (stillSuspended) {
                    return;
                }
                int heard = runtime.createMessageCorrelation(kept.message())
                        .processInstanceId(kept.processInstanceId()).correlateAllWithResult().size();
                jdbc.update("delete from " + KEPT + " where process_instance_id = ? and message = ?",
                        kept.processInstanceId(), kept.message());
                log.info("{} kept for process instance {} told again: {}", kept.message(),
                        kept.processInstanceId(), heard > 0 ? "heard" : "it no longer waits for it, dropped");
            });
        } catch (RuntimeException e) {
            // kept for the next round (a concurrent change, a delegate of the instance failing)
            log.warn("{} kept for process instance {} not told again, tried again in a minute: {}", kept.message(),
                    kept.processInstanceId(), e.getMessage());
        }
    }

    private record Kept(String processInstanceId, String message) {
    }
}
