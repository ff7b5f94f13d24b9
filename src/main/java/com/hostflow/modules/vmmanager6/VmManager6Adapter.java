package com.hostflow.modules.vmmanager6;

import java.util.EnumSet;
import java.util.List;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ModuleTypeDescriptor.ConfigField;
import com.hostflow.modules.ProcessingModuleAdapter;

/** VMmanager 6 over its REST API (auth v4, vm v3). The calls are added by the modules issue (#3). */
@Component
class VmManager6Adapter implements ProcessingModuleAdapter {

    static final String TYPE = "vmmanager6";

    private static final ModuleTypeDescriptor DESCRIPTOR = new ModuleTypeDescriptor(TYPE, "VMmanager 6",
            List.of("vds"), EnumSet.allOf(ModuleOperation.class), true, List.of(
                    new ConfigField("url", "URL", "url", true),
                    new ConfigField("username", "Username (VMmanager administrator e-mail)", "string", true),
                    new ConfigField("password", "Password", "password", true),
                    new ConfigField("cluster", "Cluster", "string", true),
                    new ConfigField("useRecipes", "Use recipes", "boolean", false),
                    new ConfigField("additionalNetworkInterface", "Additional network interface", "boolean", false)));

    @Override
    public ModuleTypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
        return new ConnectionCheck(false, "VMmanager 6 calls are not implemented yet");
    }

    @Override
    public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
        throw new ModuleTechnicalException("NOT_IMPLEMENTED", "VMmanager 6 calls are not implemented yet");
    }

    @Override
    public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
        throw new ModuleTechnicalException("NOT_IMPLEMENTED", "VMmanager 6 calls are not implemented yet");
    }
}
