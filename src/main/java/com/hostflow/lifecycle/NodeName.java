package com.hostflow.lifecycle;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This node's name among the HostFlow nodes on one database ({@code hostflow.node-name}, by default the host name):
 * the engine's host name (written into {@code ACT_HI_JOB_LOG.HOSTNAME_} and the metrics, shown in Cockpit) and the
 * start of the external-task worker's id ({@code ACT_HI_EXT_TASK_LOG.WORKER_ID_}), so the history tells which node did
 * a step. The engine's own default (IP address and engine name) is the same for two nodes on one machine.
 */
@Component
public class NodeName extends AbstractProcessEnginePlugin {

    private final String name;

    NodeName(@Value("${hostflow.node-name:}") String configured) {
        this.name = configured == null || configured.isBlank() ? localHostName() : configured.trim();
    }

    public String value() {
        return name;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHostname(name);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "hostflow" : fromEnvironment;
        }
    }
}
