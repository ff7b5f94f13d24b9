package com.hostflow.catalog;

/**
 * A processing module as the modules feature needs it to make a call: its type, where it is, the decrypted password,
 * and its settings. Never put it into a process variable or a log line; pass the module id instead.
 */
public record ProcessingModuleConfig(
        long id,
        String moduleType,
        String productType,
        String name,
        Long dataCenterId,
        String dataCenterExternalId,
        String departmentKey,
        int sortOrder,
        String url,
        String username,
        String password,
        Settings settings,
        Queue queue) {

    @Override
    public String toString() {
        return "ProcessingModuleConfig[id=" + id + ", type=" + moduleType + ", name=" + name + ", url=" + url + "]";
    }

    /** The module's VMmanager-side settings. */
    public record Settings(String cluster, boolean useRecipes, boolean additionalNetworkInterface) {
    }

    /**
     * "Run operations in queue": at most {@code queues} operations of this module with the same value of
     * {@code queueKey} run at once.
     */
    public record Queue(boolean runInQueue, int queues, String queueKey) {
    }
}
