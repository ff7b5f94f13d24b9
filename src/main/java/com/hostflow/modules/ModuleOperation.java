package com.hostflow.modules;

/** The operations of a processing module, named after BILLmanager's module commands. */
public enum ModuleOperation {
    OPEN("open"),
    SET_PARAM("setparam"),
    SUSPEND("suspend"),
    RESUME("resume"),
    CLOSE("close"),
    SYNC("sync"),
    /** a new root password for the machine (VMmanager: the host's password), as WHMCS's ChangePassword */
    RESET_PASSWORD("reset_password");

    private final String feature;

    ModuleOperation(String feature) {
        this.feature = feature;
    }

    /** The name used in {@code /module-types} features and in BPMN/DMN inputs. */
    public String feature() {
        return feature;
    }

    public static ModuleOperation ofFeature(String feature) {
        for (ModuleOperation operation : values()) {
            if (operation.feature.equals(feature)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown module operation " + feature);
    }
}
