package com.hostflow.history;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.springframework.stereotype.Component;

/**
 * Makes HostFlow's history levels ({@value HostFlowHistoryLevel#LEAN_NAME}, {@value HostFlowHistoryLevel#FULL_NAME})
 * known to the engine, so {@code camunda.bpm.history-level} can name them. The Spring Boot starter hands every plugin
 * bean to the engine.
 */
@Component
class HistoryLevelsPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryLevels());
        levels.add(HostFlowHistoryLevel.LEAN);
        levels.add(HostFlowHistoryLevel.FULL);
        configuration.setCustomHistoryLevels(levels);
    }
}
