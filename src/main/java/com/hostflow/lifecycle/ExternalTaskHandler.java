package com.hostflow.lifecycle;

import java.util.List;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * Carries out the external tasks of one topic: the BPMN service tasks that call another system. The handler runs on a
 * worker thread, outside any transaction, so the remote call holds no database connection; it reads what it needs in
 * one short transaction and reports the facts in another through {@link ExternalTaskCompletion}. An exception it
 * throws is a technical failure of HostFlow itself: the task is retried and then becomes an incident in Cockpit.
 */
public interface ExternalTaskHandler {

    String topic();

    /** The process variables the handler reads from the task. */
    List<String> variables();

    void handle(LockedExternalTask task, ExternalTaskCompletion completion);
}
