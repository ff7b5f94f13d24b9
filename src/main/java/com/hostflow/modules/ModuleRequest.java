package com.hostflow.modules;

import java.util.List;
import java.util.Map;

/**
 * One operation on one service, with everything a module needs to carry it out.
 *
 * @param operationKey   unique per service operation; a module stores it on the remote side (VM comment) so that a
 *                       repeated {@code open} adopts what it created before instead of creating a second VM
 * @param externalId     the service's id in the remote system; {@code null} before {@code open} succeeded
 * @param addons         the resource values the service should have after the operation (resource code → value)
 * @param previousAddons for {@code setparam}: the values before the change; empty otherwise
 * @param suspendReasons for {@code suspend}/{@code resume}: the reasons in force after the operation
 * @param firstAttempt   the module was never called for this operation before (HostFlow journals every attempt
 *                       before it calls): nothing remote carries the operation key yet, so a module need not look
 *                       for what an earlier attempt created
 * @param rootPassword   for an operation the module {@linkplain ProcessingModuleAdapter#setsRootPassword sets the root
 *                       password} in: the one HostFlow chose and stored, encrypted, before the first call; every
 *                       attempt of the operation carries the same one. Null otherwise. Never in {@link #toString()}
 * @param accountPassword for an operation that {@linkplain ProcessingModuleAdapter#createsAccount may create the
 *                       client's panel account}: the password a new account gets, chosen and stored like the root
 *                       password, so that a retry finds out (by logging in with it) whether the account it meets is
 *                       the one an earlier attempt created. Null otherwise. Never in {@link #toString()}
 * @param openMayStillRun for {@code close}: an {@code open} of the service was called and its answer never came (its
 *                       process was cancelled meanwhile) within the longest a call may take, so it may still create
 *                       a VM: a close that finds nothing to delete looks again later instead of answering "done"
 */
public record ModuleRequest(
        ModuleOperation operation,
        long serviceId,
        String operationKey,
        String clientEmail,
        String clientName,
        String tariffName,
        String template,
        String domain,
        String externalId,
        Map<String, Long> addons,
        Map<String, Long> previousAddons,
        Map<String, String> params,
        List<String> suspendReasons,
        boolean firstAttempt,
        String rootPassword,
        String accountPassword,
        boolean openMayStillRun) {

    /** A request with no open that may still be under way. */
    public ModuleRequest(ModuleOperation operation, long serviceId, String operationKey, String clientEmail,
            String clientName, String tariffName, String template, String domain, String externalId,
            Map<String, Long> addons, Map<String, Long> previousAddons, Map<String, String> params,
            List<String> suspendReasons, boolean firstAttempt, String rootPassword, String accountPassword) {
        this(operation, serviceId, operationKey, clientEmail, clientName, tariffName, template, domain, externalId,
                addons, previousAddons, params, suspendReasons, firstAttempt, rootPassword, accountPassword, false);
    }

    @Override
    public String toString() {
        return "ModuleRequest[" + operation.feature() + " of service " + serviceId + ", key " + operationKey
                + ", first attempt " + firstAttempt + ", root password " + (rootPassword == null ? "none" : "[hidden]")
                + ", account password " + (accountPassword == null ? "none" : "[hidden]") + "]";
    }
}
