package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

/** A processing module as the API shows it: the password is never included, only whether one is stored. */
public record ProcessingModuleView(
        long id,
        String productType,
        String moduleType,
        String name,
        Long dataCenterId,
        Long departmentId,
        int sortOrder,
        Integration integration,
        Settings settings,
        Queue queue,
        @JsonIgnore long version) implements Versioned {

    public record Integration(String url, String username, boolean passwordSet) {
    }

    public record Settings(String cluster, boolean useRecipes, boolean additionalNetworkInterface) {
    }

    public record Queue(boolean runInQueue, int queues, String queueKey) {
    }

    static ProcessingModuleView of(ProcessingModule m) {
        return new ProcessingModuleView(m.getId(), m.getProductType().getCode(), m.getModuleType(), m.getName(),
                m.getDataCenter() == null ? null : m.getDataCenter().getId(),
                m.getDepartment() == null ? null : m.getDepartment().getId(), m.getSortOrder(),
                new Integration(m.getUrl(), m.getUsername(), m.isPasswordSet()),
                new Settings(m.getCluster(), m.isUseRecipes(), m.isAdditionalNetworkInterface()),
                new Queue(m.isRunInQueue(), m.getQueues(), m.getQueueKey()), m.getVersion());
    }
}
