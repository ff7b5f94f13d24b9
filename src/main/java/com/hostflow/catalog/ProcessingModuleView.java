package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

/**
 * A processing module as the API shows it: the password is never included, only whether a usable one is stored and,
 * for one that cannot be decrypted, why.
 */
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

    /**
     * {@code passwordSet}: a password is stored that a configured key decrypts. {@code passwordProblem}: why a stored
     * one cannot be used (null when there is none or it is fine).
     */
    public record Integration(String url, String username, boolean passwordSet, String passwordProblem) {
    }

    public record Settings(String cluster, boolean useRecipes, boolean additionalNetworkInterface) {
    }

    public record Queue(boolean runInQueue, int queues, String queueKey) {
    }

    /** @param passwordProblem why the stored password cannot be used, null when none is stored or it is fine */
    static ProcessingModuleView of(ProcessingModule m, String passwordProblem) {
        return new ProcessingModuleView(m.getId(), m.getProductType().getCode(), m.getModuleType(), m.getName(),
                m.getDataCenter() == null ? null : m.getDataCenter().getId(),
                m.getDepartment() == null ? null : m.getDepartment().getId(), m.getSortOrder(),
                new Integration(m.getUrl(), m.getUsername(), m.isPasswordSet() && passwordProblem == null,
                        passwordProblem),
                new Settings(m.getCluster(), m.isUseRecipes(), m.isAdditionalNetworkInterface()),
                new Queue(m.isRunInQueue(), m.getQueues(), m.getQueueKey()), m.getVersion());
    }
}
