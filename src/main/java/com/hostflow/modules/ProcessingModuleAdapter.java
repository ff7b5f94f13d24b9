package com.hostflow.modules;

import java.util.List;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * The SPI every processing-module type implements (one Spring bean per type). Calls never block for long: an
 * operation that takes time answers {@link ModuleOutcome.Pending} with a handle, and the process polls it from a
 * BPMN wait state. A technical failure (unreachable, 5xx, timeout, malformed answer) is thrown as
 * {@link ModuleTechnicalException} and retried; a business refusal is answered as {@link ModuleOutcome.Rejected}.
 * Every operation is idempotent for one {@link ModuleRequest#operationKey()}.
 */
public interface ProcessingModuleAdapter {

    ModuleTypeDescriptor descriptor();

    ConnectionCheck checkConnection(ProcessingModuleConfig module);

    ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request);

    /** Follows up a {@link ModuleOutcome.Pending} answer of {@link #execute}. */
    ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle);

    /**
     * Whether the operation sets the machine's root password to {@link ModuleRequest#rootPassword()}. HostFlow then
     * chooses the password and stores it before the first call, so that a retry after a crash sends the same one
     * and a machine the retry adopts has a password HostFlow knows. A module that sets none answers false. Not a
     * default method: a wrapper that forgot to pass it on would send no password.
     */
    boolean setsRootPassword(ModuleOperation operation);

    /**
     * Whether the operation may create the client's account on the module's panel, with
     * {@link ModuleRequest#accountPassword()} as its password. HostFlow chooses that password and stores it before the
     * first call, like the root password: a retry after a crash that meets the account tells by logging in with it
     * whether an earlier attempt made the account (its password is then known) or someone else did (it is not).
     * Not a default method, for the reason {@link #setsRootPassword} is not.
     */
    boolean createsAccount(ModuleOperation operation);

    /**
     * Every host the module holds where it serves (VMmanager 6: the VMs of the module's cluster), for the drift
     * reconciliation's report of hosts no service owns. Never inside a transaction: it calls the remote system. A
     * module with nothing to list (the manual module) answers an empty list; a failure is a
     * {@link ModuleTechnicalException}.
     */
    List<RemoteHost> hosts(ProcessingModuleConfig module);

    /**
     * Deletes a host that {@link #hosts} listed, for the drift reconciliation's deletion of a live service's twin (a
     * second host its own open made, see {@code OrphanHostPolicy}), when it is still that host: same name and comment.
     * Answers true when the module deletes it now, false when it is gone already or no longer the host that was
     * listed (then nothing is done). Never inside a transaction: it calls the remote system; a failure is a
     * {@link ModuleTechnicalException}. A module whose {@link #hosts} lists nothing is never asked. Not a default
     * method, for the reason {@link #setsRootPassword} is not: a wrapper that forgot it would delete nothing.
     */
    boolean deleteHost(ProcessingModuleConfig module, RemoteHost host);

    /**
     * The values the module offers for a parameter of its product type, in the module's order (VMmanager 6: the names
     * of its OS images for {@code os}), for an admin to take as the parameter's choices: each module has its own.
     * Asked only for a parameter that {@link ModuleTypeDescriptor#offersValuesFor()} names; for any other the answer
     * is an empty list. Never inside a transaction: it calls the remote system; a failure (unreachable, an error, an
     * unreadable answer) is a {@link ModuleTechnicalException}. Not a default method, for the reason
     * {@link #setsRootPassword} is not: a wrapper that forgot it would offer nothing.
     */
    List<String> parameterValues(ProcessingModuleConfig module, String parameter);

    /** Answer of a connection check, shown as is to the admin. */
    record ConnectionCheck(boolean ok, String message) {
    }

    /**
     * A host as the module lists it.
     *
     * @param externalId     what a service's {@code externalId} holds when the service owns the host
     * @param madeForService the service HostFlow made the host for, when the module can tell (VMmanager 6: the name
     *                       {@code hostflow-<service id>}); null for a host made by other hands
     */
    record RemoteHost(String externalId, String name, String state, String comment, Long madeForService) {
    }
}
