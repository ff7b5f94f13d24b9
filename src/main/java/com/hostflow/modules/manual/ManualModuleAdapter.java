package com.hostflow.modules.manual;

import java.util.EnumSet;
import java.util.List;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ProcessingModuleAdapter;

/**
 * The "module" for products provided by hand: every operation becomes a Tasklist task for the module's department,
 * which shows staff what to do and asks for what comes back (IP, external id, comment).
 */
@Component
class ManualModuleAdapter implements ProcessingModuleAdapter {

    static final String TYPE = "manual";

    private static final ModuleTypeDescriptor DESCRIPTOR = new ModuleTypeDescriptor(TYPE, "Manual processing",
            List.of("vds"), EnumSet.of(ModuleOperation.OPEN, ModuleOperation.SET_PARAM, ModuleOperation.SUSPEND,
                    ModuleOperation.RESUME, ModuleOperation.CLOSE, ModuleOperation.RESET_PASSWORD),
            false, List.of(), List.of());

    @Override
    public ModuleTypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
        return new ConnectionCheck(true, "manual module: operations are done by the department");
    }

    @Override
    public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
        return new ModuleOutcome.ManualWork(ManualInstructions.describe(request));
    }

    /** People set up the machine, and enter what they chose on the department's task. */
    @Override
    public boolean setsRootPassword(ModuleOperation operation) {
        return false;
    }

    /** Accounts, if any, are made by people too, and entered on the same task. */
    @Override
    public boolean createsAccount(ModuleOperation operation) {
        return false;
    }

    /** Hosts made by hand are not known to HostFlow: there is nothing to list, so nothing is ever reported orphaned. */
    @Override
    public List<RemoteHost> hosts(ProcessingModuleConfig module) {
        return List.of();
    }

    /** It lists no hosts, so it is never asked to delete one. */
    @Override
    public boolean deleteHost(ProcessingModuleConfig module, RemoteHost host) {
        throw new IllegalStateException("the manual module lists no hosts, so there is none to delete");
    }

    /** People install whatever the order names: the module has no list of its own to offer. */
    @Override
    public List<String> parameterValues(ProcessingModuleConfig module, String parameter) {
        return List.of();
    }

    @Override
    public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
        throw new IllegalStateException("the manual module never answers Pending, so there is nothing to poll");
    }
}
