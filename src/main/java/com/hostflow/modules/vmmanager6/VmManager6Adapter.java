package com.hostflow.modules.vmmanager6;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleOutcome.ExternalData;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ModuleTypeDescriptor.ConfigField;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.modules.vmmanager6.ModuleLookups.Kind;
import com.hostflow.modules.vmmanager6.VmManager6Api.Host;

/**
 * VMmanager 6 over its REST API (auth v4, vm v3), the way BILLmanager's and WHMCS's modules use it: open = find or
 * create the client's {@code @user} account and create a host (from the tariff's preset or the add-on values),
 * suspend = stop, resume = start, close = delete, setparam = grow CPU/RAM, disk and IPv4 addresses, sync = read the
 * host. Long operations answer {@link ModuleOutcome.Pending} with a {@link PendingTasks} handle; {@link #poll} follows
 * the tasks with {@code where=} filters. Every operation first looks at the host's current state, so repeating it is
 * harmless, and {@code open} adopts a host that carries the operation key in its comment.
 */
@Component
class VmManager6Adapter implements ProcessingModuleAdapter {

    static final String TYPE = "vmmanager6";
    /** The parameter whose value names the host's OS image; VMmanager lists its images. */
    static final String OS_PARAMETER = "os";

    private static final Logger log = LoggerFactory.getLogger(VmManager6Adapter.class);
    private static final ModuleTypeDescriptor DESCRIPTOR = new ModuleTypeDescriptor(TYPE, "VMmanager 6",
            List.of("vds"), EnumSet.allOf(ModuleOperation.class), true, List.of(
                    new ConfigField("url", "URL", "url", true),
                    new ConfigField("username", "Username (VMmanager administrator e-mail)", "string", true),
                    new ConfigField("password", "Password", "password", true),
                    new ConfigField("cluster", "Cluster", "string", true),
                    new ConfigField("useRecipes", "Use recipes", "boolean", false),
                    new ConfigField("additionalNetworkInterface", "Additional network interface", "boolean", false)),
            List.of(OS_PARAMETER));
    /** States of a host that exists and works (or will); anything else is a host VMmanager gave up on. */
    private static final java.util.Set<String> LIVE = java.util.Set.of("creating", "active", "stopped");
    /** VMmanager's task of deleting a host; an open that waits for it is cleaning up a broken host */
    private static final String HOST_DELETE = "host_delete";
    /** HostFlow names the hosts it creates {@code hostflow-<service id>} */
    private static final String HOST_NAME_PREFIX = "hostflow-";

    private final VmManager6Client client;
    private final ModuleLookups lookups;

    VmManager6Adapter(VmManager6Client client, VmManager6Properties properties, Clock clock) {
        this.client = client;
        this.lookups = new ModuleLookups(properties.lookupCacheTtl(), clock);
    }

    @Override
    public ModuleTypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Opening a host and resetting its password set the root password HostFlow chose. */
    @Override
    public boolean setsRootPassword(ModuleOperation operation) {
        return operation == ModuleOperation.OPEN || operation == ModuleOperation.RESET_PASSWORD;
    }

    /** Opening a host creates the client's {@code @user} account when the client has none on this VMmanager yet. */
    @Override
    public boolean createsAccount(ModuleOperation operation) {
        return operation == ModuleOperation.OPEN;
    }

    @Override
    public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
        // whoever checks the connection may just have changed something in VMmanager: its ids are read afresh
        lookups.forget(module);
        try {
            client.loginAfresh(module);
            long clusterId = clusterId(module);
            return new ConnectionCheck(true, "Connected to VMmanager 6 at " + module.url() + " as " + module.username()
                    + "; cluster " + clusterId + " found");
        } catch (ModuleTechnicalException e) {
            String message = switch (e.code()) {
                case "AUTH_FAILED" -> "Wrong username or password. " + e.getMessage();
                case "UNREACHABLE", "TIMEOUT" -> "Cannot reach " + module.url() + ". " + e.getMessage();
                default -> e.getMessage();
            };
            return new ConnectionCheck(false, message);
        } catch (VmManagerError e) {
            return new ConnectionCheck(false, e.describe());
        } catch (Rejection e) {
            return new ConnectionCheck(false, e.getMessage());
        } catch (RuntimeException e) {
            return new ConnectionCheck(false, "Cannot use " + module.url() + ": " + e.getMessage());
        }
    }

    @Override
    public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
        return judged(module, request.operation(), () -> switch (request.operation()) {
            case OPEN -> open(module, request, !request.firstAttempt());
            case SUSPEND -> suspend(module, request);
            case RESUME -> resume(module, request);
            case CLOSE -> close(module, request);
            case SET_PARAM -> setParam(module, request);
            case SYNC -> new ModuleOutcome.Completed(externalData(module, existingHost(module, request)));
            case RESET_PASSWORD -> resetPassword(module, request);
        });
    }

    @Override
    public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
        PendingTasks pending = PendingTasks.parse(handle);
        return judged(module, request.operation(), () -> {
            for (PendingTasks.TaskRef ref : pending.tasks()) {
                Optional<VmManager6Api.Task> task = task(module, ref);
                if (task.isEmpty() || !isFinished(task.get())) {
                    return new ModuleOutcome.Pending(handle);
                }
                if ("fail".equals(task.get().status())) {
                    // not a refusal of the request: retried, then the failure policy (a department) decides
                    throw new ModuleTechnicalException("TASK_FAILED", "VMmanager task " + ref.name() + " #" + ref.id()
                            + " failed" + failureText(task.get()));
                }
            }
            if (request.operation() == ModuleOperation.OPEN && !pending.tasks().isEmpty()
                    && pending.tasks().stream().allMatch(task -> HOST_DELETE.equals(task.name()))) {
                return open(module, request, true);
            }
            if (request.operation() == ModuleOperation.CLOSE && pending.tasks().isEmpty()) {
                // nothing was found to delete while an open might still make its host: look again
                return close(module, request);
            }
            if (request.operation() == ModuleOperation.CLOSE) {
                return new ModuleOutcome.Completed(new ExternalData(String.valueOf(pending.hostId()), List.of(), null,
                        Map.of("state", "deleted")));
            }
            Optional<Host> host = host(module, pending.hostId());
            if (host.isEmpty()) {
                throw new Rejection(ModuleOutcome.Rejected.NOT_FOUND,
                        "VMmanager host " + pending.hostId() + " no longer exists");
            }
            if (request.operation() == ModuleOperation.OPEN && pending.retried()
                    && hostsCreatedBy(module, request.operationKey()).size() > 1) {
                // a creation HostFlow gave up on landed beside this one: the open keeps one host (see open)
                return open(module, request, true);
            }
            if (pending.tasks().isEmpty()) {
                return settled(module, host.get(), handle);
            }
            return new ModuleOutcome.Completed(externalData(module, host.get()));
        });
    }

    /**
     * The hosts of the module's cluster, for the report of hosts no service owns. A host HostFlow made carries the
     * name {@code hostflow-<service id>} (and an open's operation key as its comment).
     */
    @Override
    public List<RemoteHost> hosts(ProcessingModuleConfig module) {
        try {
            long clusterId = clusterId(module);
            return client.call(module, (api, token) -> api.hosts(token, "(cluster+EQ+'" + clusterId + "')")).list()
                    .stream()
                    .filter(h -> h.id() != null && (h.cluster() == null || h.cluster().id() == null
                            || h.cluster().id() == clusterId))
                    .map(h -> new RemoteHost(String.valueOf(h.id()), h.name(), h.state(), h.comment(), madeFor(h)))
                    .toList();
        } catch (Rejection e) {
            throw new ModuleTechnicalException(e.code, e.getMessage());
        } catch (VmManagerError e) {
            throw new ModuleTechnicalException("REMOTE_ERROR", e.describe());
        }
    }

    /**
     * Deletes the listed host when VMmanager still holds it under the same name and comment (a host renamed or given
     * another comment since the round listed it is no longer the one the round judged, and stays); VMmanager's
     * deletion task is not waited for: a host whose deletion failed is listed again next round.
     */
    @Override
    public boolean deleteHost(ProcessingModuleConfig module, RemoteHost listed) {
        Long hostId = number(listed.externalId());
        if (hostId == null) {
            return false;
        }
        try {
            Optional<Host> host = host(module, hostId);
            if (host.isEmpty() || !Objects.equals(host.get().name(), listed.name())
                    || !Objects.equals(host.get().comment(), listed.comment())) {
                return false;
            }
            client.call(module, (api, token) -> api.delete(token, hostId));
            return true;
        } catch (Rejection e) {
            throw new ModuleTechnicalException(e.code, e.getMessage());
        } catch (VmManagerError e) {
            if (e.status() == 404) {
                return false;
            }
            throw new ModuleTechnicalException("REMOTE_ERROR", e.describe());
        }
    }

    /**
     * For {@code os}: the names of VMmanager's OS images, as {@code GET /vm/v3/os} lists them (an open matches the
     * service's {@code os} against these names; an image without one is left out); nothing for any other parameter.
     */
    @Override
    public List<String> parameterValues(ProcessingModuleConfig module, String parameter) {
        if (!OS_PARAMETER.equals(parameter)) {
            return List.of();
        }
        try {
            return client.call(module, (api, token) -> api.osImages(token)).list().stream()
                    .filter(java.util.Objects::nonNull).map(VmManager6Api.Os::name)
                    .filter(java.util.Objects::nonNull).toList();
        } catch (VmManagerError e) {
            throw new ModuleTechnicalException("REMOTE_ERROR", e.describe(), e);
        }
    }

    /** The service a host was made for, read from the name HostFlow gives its hosts; null for other hosts. */
    private static Long madeFor(Host host) {
        String name = host.name();
        return name != null && name.startsWith(HOST_NAME_PREFIX) ? number(name.substring(HOST_NAME_PREFIX.length()))
                : null;
    }

    // --- operations -----------------------------------------------------------------------------------------------

    /** @param lookForEarlier whether hosts carrying the key may exist (a retry, or a poll that looks again) */
    private ModuleOutcome open(ProcessingModuleConfig module, ModuleRequest request, boolean lookForEarlier) {
        String rootPassword = chosenRootPassword(request);
        // only an open that ran before can have left a host carrying its key
        List<Host> earlier = lookForEarlier ? hostsCreatedBy(module, request.operationKey()) : List.of();
        Optional<Host> live = earlier.stream().filter(host -> LIVE.contains(host.state()))
                .min(Comparator.comparing(Host::id));
        List<Host> besides = live.isEmpty() ? List.of()
                : earlier.stream().filter(host -> !host.id().equals(live.get().id())).toList();
        if (!besides.isEmpty()) {
            // an attempt HostFlow gave up on (read timeout) was made by VMmanager after all, beside another attempt's
            // host: the first made stays, the others go, and the open looks again once they are deleted
            return deleteBesides(module, live.get(), besides);
        }
        if (live.isPresent()) {
            log.info("VMmanager host {} already carries operation key {}: adopting it", live.get().id(),
                    request.operationKey());
            // the attempt that made it set this very root password (HostFlow chose it once for the key); the panel
            // account exists by now, and its password is known if that attempt made it
            String accountPassword = madeEarlier(module, request) ? request.accountPassword() : null;
            ModuleOutcome.Credentials credentials = new ModuleOutcome.Credentials(request.clientEmail(),
                    accountPassword, rootPassword, module.url(), accountPassword == null);
            ModuleOutcome adopted = settled(module, live.get(),
                    new PendingTasks(live.get().id(), List.of()).asRetried().handle());
            return adopted instanceof ModuleOutcome.Pending pending
                    ? new ModuleOutcome.Pending(pending.handle(), credentials)
                    : new ModuleOutcome.Completed(((ModuleOutcome.Completed) adopted).data(), credentials);
        }
        if (!earlier.isEmpty()) {
            return deleteFailed(module, earlier);
        }
        AccountRef account = account(module, request);
        boolean usedKeptIds = lookups.keepsAny(module);
        VmManager6Api.CreatedHost created;
        try {
            created = createHost(module, request, account, rootPassword);
        } catch (VmManagerError refused) {
            if (!usedKeptIds) {
                throw refused;
            }
            // an id kept from an earlier read may be what VMmanager refused (a preset deleted, VMmanager rebuilt):
            // once more with ids read now; a refusal creates nothing, so trying again cannot make a second host
            log.info("VMmanager refused creating the host of service {} with kept ids ({}): reading them afresh",
                    request.serviceId(), refused.describe());
            lookups.forget(module);
            created = createHost(module, request, account, rootPassword);
        }
        if (created.id() == null || created.task() == null) {
            throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's host creation answer lacks id or task");
        }
        log.info("VMmanager host {} creating for service {} (task {})", created.id(), request.serviceId(),
                created.task());
        // the passwords travel with the answer to the credentials store, never in the handle (a process variable)
        PendingTasks creating = PendingTasks.of(created.id(), created.task(), "host_create");
        return new ModuleOutcome.Pending((lookForEarlier ? creating.asRetried() : creating).handle(),
                new ModuleOutcome.Credentials(request.clientEmail(), account.createdPassword(), rootPassword,
                        module.url(), account.createdPassword() == null));
    }

    private VmManager6Api.CreatedHost createHost(ProcessingModuleConfig module, ModuleRequest request,
            AccountRef account, String rootPassword) {
        long osId = os(module, request.params().get("os"));
        long clusterId = clusterId(module);
        Long presetId = request.template() == null || request.template().isBlank() ? null : preset(module, request);
        Long cpu = given(request, "cpu");
        Long ram = given(request, "ram");
        Long disk = given(request, "disk");
        if (presetId == null && (cpu == null || ram == null || disk == null)) {
            throw new Rejection("Err_MissingResources",
                    "the tariff has no template and the service lacks cpu, ram or disk values");
        }
        // a VPS gets one address unless it has more (VMmanager makes no host of 0)
        long addresses = Objects.requireNonNullElse(given(request, "ipv4"), 1L);
        Long recipe = module.settings().useRecipes() ? number(request.params().get("recipe")) : null;
        List<VmManager6Api.Interface> interfaces = module.settings().additionalNetworkInterface()
                ? List.of(new VmManager6Api.Interface("virtio", true, addresses),
                        new VmManager6Api.Interface("virtio", false, 0))
                : null;
        VmManager6Api.NewHost newHost = new VmManager6Api.NewHost(HOST_NAME_PREFIX + request.serviceId(), rootPassword,
                clusterId, osId, account.id(), request.operationKey(), request.domain(), presetId, cpu, ram, disk,
                addresses, false, recipe, interfaces);
        return client.call(module, (api, token) -> api.createHost(token, newHost));
    }

    /** A new root password for the host, as ISPsystem's own module changes it; confirmed when the task completes. */
    private ModuleOutcome resetPassword(ProcessingModuleConfig module, ModuleRequest request) {
        Host host = existingHost(module, request);
        String rootPassword = chosenRootPassword(request);
        VmManager6Api.TaskRef task = client.call(module,
                (api, token) -> api.changePassword(token, host.id(), new VmManager6Api.PasswordChange(rootPassword)));
        // VMmanager's name for this task is not documented: the poll looks for the task by its id alone
        return new ModuleOutcome.Pending(new PendingTasks(host.id(), List.of(taskRef(task, ""))).handle(),
                ModuleOutcome.Credentials.rootPassword(rootPassword));
    }

    private ModuleOutcome suspend(ProcessingModuleConfig module, ModuleRequest request) {
        Host host = existingHost(module, request);
        if ("stopped".equals(host.state())) {
            return new ModuleOutcome.Completed(externalData(module, host));
        }
        VmManager6Api.TaskRef task = client.call(module, (api, token) -> api.stop(token, host.id(), Map.of()));
        return pending(host.id(), task, "host_stop");
    }

    private ModuleOutcome resume(ProcessingModuleConfig module, ModuleRequest request) {
        Host host = existingHost(module, request);
        if ("active".equals(host.state())) {
            return new ModuleOutcome.Completed(externalData(module, host));
        }
        VmManager6Api.TaskRef task = client.call(module, (api, token) -> api.start(token, host.id(), Map.of()));
        return pending(host.id(), task, "host_start");
    }

    /**
     * Deletes the service's host. A service whose open never reported its host (the open failed half-way) is closed
     * by finding the hosts its opens created, all of them: they carry the service's name and an open's operation key.
     * When none is found while an open of the service may still be on its way here (its process was cancelled during
     * the call), the close waits for it: it answers "pending" with no tasks, and each poll looks again. A service
     * whose host is known loses the other hosts its opens made as well: a creation HostFlow gave up on (a slow
     * VMmanager, past the read timeout) may have been made by VMmanager after all, beside the host the service runs on.
     */
    private ModuleOutcome close(ProcessingModuleConfig module, ModuleRequest request) {
        Long knownId = number(request.externalId());
        List<Long> opened = hostsOpenedFor(module, request.serviceId());
        List<Long> hostIds = knownId == null ? opened : Stream.concat(Stream.of(knownId),
                opened.stream().filter(id -> !id.equals(knownId))).toList();
        List<PendingTasks.TaskRef> deletions = new ArrayList<>();
        for (long hostId : hostIds) {
            if (host(module, hostId).isPresent()) {
                deletions.add(taskRef(client.call(module, (api, token) -> api.delete(token, hostId)), HOST_DELETE));
            }
        }
        if (!deletions.isEmpty()) {
            return new ModuleOutcome.Pending(new PendingTasks(hostIds.get(0), deletions).handle());
        }
        if (hostIds.isEmpty() && request.openMayStillRun()) {
            return new ModuleOutcome.Pending(new PendingTasks(0, List.of()).handle());
        }
        String gone = hostIds.isEmpty() ? null : String.valueOf(hostIds.get(0));
        return new ModuleOutcome.Completed(new ExternalData(gone, List.of(), null, Map.of("state", "deleted")));
    }

    private List<Long> hostsOpenedFor(ProcessingModuleConfig module, long serviceId) {
        String name = HOST_NAME_PREFIX + serviceId;
        return client.call(module, (api, token) -> api.hosts(token, "(name+EQ+'" + name + "')")).list().stream()
                .filter(h -> name.equals(h.name()) && h.comment() != null
                        && h.comment().startsWith(serviceId + "-open-"))
                .map(Host::id).toList();
    }

    /** Grows CPU/RAM, disk and addresses to the requested values; any decrease is refused before anything changes. */
    private ModuleOutcome setParam(ProcessingModuleConfig module, ModuleRequest request) {
        Host host = existingHost(module, request);
        // a resource at 0 is the preset's, not one to shrink to
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (String resource : List.of("cpu", "ram", "disk", "ipv4")) {
            wanted.put(resource, given(request, resource));
        }
        long currentAddresses = addresses(module, host.id()).size();
        refuseShrink("Err_DiskShrink", "disk", host.disk() == null ? null : host.disk().diskMib(), wanted.get("disk"));
        refuseShrink("Err_ResourceShrink", "cpu", host.cpuNumber(), wanted.get("cpu"));
        refuseShrink("Err_ResourceShrink", "ram", host.ramMib(), wanted.get("ram"));
        refuseShrink("Err_AddressShrink", "ipv4", currentAddresses, wanted.get("ipv4"));

        List<PendingTasks.TaskRef> tasks = new ArrayList<>();
        // the addresses first: a pool without enough free ones is what VMmanager refuses, and then nothing changed yet
        if (grows(currentAddresses, wanted.get("ipv4"))) {
            VmManager6Api.AddressChange change = new VmManager6Api.AddressChange(wanted.get("ipv4") - currentAddresses);
            tasks.add(another(tasks, () -> taskRef(client.call(module,
                    (api, token) -> api.addAddresses(token, host.id(), change)), "ip_change")));
        }
        Long cpu = grows(host.cpuNumber(), wanted.get("cpu")) ? wanted.get("cpu") : null;
        Long ram = grows(host.ramMib(), wanted.get("ram")) ? wanted.get("ram") : null;
        if (cpu != null || ram != null) {
            VmManager6Api.ResourceChange change = new VmManager6Api.ResourceChange(cpu, ram);
            tasks.add(another(tasks, () -> taskRef(client.call(module,
                    (api, token) -> api.changeResources(token, host.id(), change)), "host_change_params")));
        }
        if (host.disk() != null && grows(host.disk().diskMib(), wanted.get("disk"))) {
            VmManager6Api.DiskResize resize = new VmManager6Api.DiskResize(wanted.get("disk"));
            tasks.add(another(tasks, () -> taskRef(client.call(module,
                    (api, token) -> api.resizeDisk(token, host.disk().id(), resize)), "disk_resize")));
        }
        if (tasks.isEmpty()) {
            return new ModuleOutcome.Completed(externalData(module, host));
        }
        return new ModuleOutcome.Pending(new PendingTasks(host.id(), List.copyOf(tasks)).handle());
    }

    /**
     * One more change of a setparam. VMmanager refusing it after other changes started is no clean refusal (the
     * service would keep its old values on a host that has some new ones) but a half-done change: a technical failure
     * for a person to look at, whose retry grows only what is still missing.
     */
    private static PendingTasks.TaskRef another(List<PendingTasks.TaskRef> started,
            Supplier<PendingTasks.TaskRef> change) {
        try {
            return change.get();
        } catch (VmManagerError refused) {
            if (started.isEmpty()) {
                throw refused;
            }
            throw new ModuleTechnicalException("PARTLY_APPLIED", "VMmanager refused part of the change after "
                    + started.stream().map(PendingTasks.TaskRef::name).collect(Collectors.joining(", "))
                    + " started: " + refused.describe(), refused);
        }
    }

    // --- lookups --------------------------------------------------------------------------------------------------

    /**
     * The client's account; {@code createdPassword} is null when it existed before this operation (its password is
     * not known here).
     */
    private record AccountRef(long id, String createdPassword) {
    }

    /**
     * The client's VMmanager account, created with role {@code @user} and the password HostFlow chose for the
     * operation when missing; an administrator is refused. One that exists was made by an earlier attempt of this
     * operation when that password logs in.
     */
    private AccountRef account(ProcessingModuleConfig module, ModuleRequest request) {
        String email = request.clientEmail();
        String accountPassword = chosen(request, request.accountPassword(), "account");
        Optional<VmManager6Api.Account> existing = findAccount(module, email);
        if (existing.isPresent()) {
            if (existing.get().roles() != null && existing.get().roles().contains("@admin")) {
                throw new Rejection("Err_AdminAccount", "VMmanager account " + email
                        + " is an administrator; a client's VM is never placed in an administrator's account");
            }
            return existing(existing.get(), module, request);
        }
        VmManager6Api.NewAccount account = new VmManager6Api.NewAccount(email, accountPassword, "@user");
        VmManager6Api.Created created;
        try {
            created = client.call(module, (api, token) -> api.createAccount(token, account));
        } catch (VmManagerError e) {
            // another operation for the same client may have created it a moment ago
            return findAccount(module, email).map(a -> existing(a, module, request)).orElseThrow(() -> e);
        }
        if (created.id() == null) {
            throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's account creation answer lacks an id");
        }
        log.info("VMmanager account {} created for {}", created.id(), email);
        return new AccountRef(created.id(), accountPassword);
    }

    private AccountRef existing(VmManager6Api.Account account, ProcessingModuleConfig module, ModuleRequest request) {
        return new AccountRef(account.id(), madeEarlier(module, request) ? request.accountPassword() : null);
    }

    /**
     * Whether an earlier attempt of this operation made the client's account: only a retry can have, and then the
     * password HostFlow chose for the operation logs in. A first attempt meets only accounts made before it.
     */
    private boolean madeEarlier(ProcessingModuleConfig module, ModuleRequest request) {
        return !request.firstAttempt() && request.accountPassword() != null
                && client.acceptsLogin(module, request.clientEmail(), request.accountPassword());
    }

    private Optional<VmManager6Api.Account> findAccount(ProcessingModuleConfig module, String email) {
        return client.call(module, (api, token) -> api.accounts(token, "(email+EQ+'" + email + "')"))
                .list().stream().filter(a -> email.equalsIgnoreCase(a.email())).findFirst();
    }

    private long os(ProcessingModuleConfig module, String wanted) {
        if (wanted == null || wanted.isBlank()) {
            throw new Rejection("Err_NoOs", "the service has no 'os' parameter");
        }
        return lookups.id(module, Kind.OS, comparable(wanted), () -> {
            List<VmManager6Api.Os> images = client.call(module, (api, token) -> api.osImages(token)).list();
            return images.stream().filter(os -> comparable(os.name()).equals(comparable(wanted))).findFirst()
                    .map(VmManager6Api.Os::id)
                    .orElseThrow(() -> new Rejection("Err_UnknownOs", "VMmanager has no OS image named " + wanted
                            + "; it offers " + images.stream().map(VmManager6Api.Os::name)
                                    .collect(Collectors.joining(", "))));
        });
    }

    /** The module's cluster setting, by id or by name. */
    private long clusterId(ProcessingModuleConfig module) {
        String setting = module.settings() == null ? null : module.settings().cluster();
        if (setting == null || setting.isBlank()) {
            throw new Rejection("Err_ModuleConfig", "the module names no VMmanager cluster");
        }
        return lookups.id(module, Kind.CLUSTER, setting.trim(), () -> {
            List<VmManager6Api.Cluster> clusters = client.call(module, (api, token) -> api.clusters(token)).list();
            return clusters.stream()
                    .filter(c -> String.valueOf(c.id()).equals(setting.trim()) || setting.trim().equals(c.name()))
                    .findFirst().map(VmManager6Api.Cluster::id)
                    .orElseThrow(() -> new Rejection("Err_ModuleConfig", "VMmanager has no cluster " + setting
                            + "; it has " + clusters.stream().map(c -> c.id() + " (" + c.name() + ")")
                                    .collect(Collectors.joining(", "))));
        });
    }

    /** The preset named like the tariff's template, created from the service's resources when missing. */
    private long preset(ProcessingModuleConfig module, ModuleRequest request) {
        String name = request.template();
        Optional<Long> existing = lookups.find(module, Kind.PRESET, name, () -> presetId(module, name));
        if (existing.isPresent()) {
            return existing.get();
        }
        // as BILLmanager's module does: the preset is made of the service's values, VMmanager's own for those it lacks
        VmManager6Api.NewPreset preset = new VmManager6Api.NewPreset(name, given(request, "cpu"),
                given(request, "ram"), given(request, "disk"));
        VmManager6Api.Created created;
        try {
            created = client.call(module, (api, token) -> api.createPreset(token, preset));
        } catch (VmManagerError e) {
            // another open of the same new tariff created it a moment ago: use that one
            return presetId(module, name).orElseThrow(() -> e);
        }
        if (created.id() == null) {
            throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's preset creation answer lacks an id");
        }
        log.info("VMmanager preset {} created as {}", name, created.id());
        // not kept: only ids read from VMmanager's lists are; the next open finds the new preset there
        return created.id();
    }

    /**
     * The service's value of a resource, or null when it has none: a resource at 0 (a tariff's {@code createAllAddons}
     * adds the resources it leaves out at 0) is left to the preset, or to VMmanager, which makes nothing of 0.
     */
    private static Long given(ModuleRequest request, String resource) {
        Long value = request.addons().get(resource);
        return value == null || value < 1 ? null : value;
    }

    private Optional<Long> presetId(ProcessingModuleConfig module, String name) {
        return client.call(module, (api, token) -> api.presets(token)).list().stream()
                .filter(p -> name.equals(p.name())).findFirst().map(VmManager6Api.Preset::id);
    }

    private List<Host> hostsCreatedBy(ProcessingModuleConfig module, String operationKey) {
        return client.call(module, (api, token) -> api.hosts(token, "(comment+EQ+'" + operationKey + "')"))
                .list().stream().filter(h -> operationKey.equals(h.comment())).toList();
    }

    /**
     * Hosts beside the one an open keeps: VMmanager made a creation HostFlow had given up on (its answer came after
     * the read timeout, and the retry made a host of its own). They are deleted, and once the deletions are done the
     * open looks again and adopts the one left (a {@link #poll} of an open that waited for deletions).
     */
    private ModuleOutcome deleteBesides(ProcessingModuleConfig module, Host kept, List<Host> others) {
        List<PendingTasks.TaskRef> deletions = new ArrayList<>();
        for (Host host : others) {
            log.warn("VMmanager host {} carries the operation key of host {} too (a creation given up on that"
                    + " VMmanager made after all): deleting it", host.id(), kept.id());
            deletions.add(taskRef(client.call(module, (api, token) -> api.delete(token, host.id())), HOST_DELETE));
        }
        return new ModuleOutcome.Pending(new PendingTasks(kept.id(), deletions).handle());
    }

    /**
     * Hosts that VMmanager left broken (their creation failed) are never adopted: every one of them is deleted first,
     * and once the deletions are done the open looks again and creates a fresh host (a {@link #poll} of an open that
     * waited for deletions), so there is never more than one host for the operation. A failed deletion is retried like
     * any technical failure.
     */
    private ModuleOutcome deleteFailed(ProcessingModuleConfig module, List<Host> failed) {
        List<PendingTasks.TaskRef> deletions = new ArrayList<>();
        for (Host host : failed) {
            log.warn("VMmanager host {} is {}: deleting it before creating it anew", host.id(), host.state());
            deletions.add(taskRef(client.call(module, (api, token) -> api.delete(token, host.id())), HOST_DELETE));
        }
        return new ModuleOutcome.Pending(new PendingTasks(failed.get(0).id(), deletions).handle());
    }

    private Optional<Host> host(ProcessingModuleConfig module, long hostId) {
        try {
            Host host = client.call(module, (api, token) -> api.host(token, hostId));
            if (host.id() == null) {
                throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's view of host " + hostId
                        + " lacks its id");
            }
            return Optional.of(host);
        } catch (VmManagerError e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Host existingHost(ProcessingModuleConfig module, ModuleRequest request) {
        long hostId = hostId(request);
        return host(module, hostId).orElseThrow(() -> new Rejection(ModuleOutcome.Rejected.NOT_FOUND,
                "VMmanager has no host " + hostId));
    }

    private List<String> addresses(ProcessingModuleConfig module, long hostId) {
        return client.call(module, (api, token) -> api.addresses(token, hostId)).list().stream()
                .map(VmManager6Api.Ipv4::ipAddr).filter(VmManager6Adapter::isAddress).toList();
    }

    private Optional<VmManager6Api.Task> task(ProcessingModuleConfig module, PendingTasks.TaskRef ref) {
        String where = ref.name().isEmpty() ? "(consul_id+EQ+'" + ref.id() + "')"
                : "((consul_id+EQ+'" + ref.id() + "')+AND+(name+EQ+'" + ref.name() + "'))";
        return client.call(module, (api, token) -> api.tasks(token, where)).list().stream().findFirst();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** What an existing host means for an operation that waits for it: still creating, usable, or broken. */
    private ModuleOutcome settled(ProcessingModuleConfig module, Host host, String handle) {
        return switch (host.state() == null ? "" : host.state()) {
            case "creating" -> new ModuleOutcome.Pending(handle);
            case "active", "stopped" -> new ModuleOutcome.Completed(externalData(module, host));
            default -> throw new ModuleTechnicalException("HOST_FAILED",
                    "VMmanager host " + host.id() + " is in state " + host.state());
        };
    }

    private ExternalData externalData(ProcessingModuleConfig module, Host host) {
        Map<String, String> extra = new LinkedHashMap<>();
        putIfPresent(extra, "state", host.state());
        putIfPresent(extra, "node", host.node() == null ? null : host.node().name());
        putIfPresent(extra, "cluster", host.cluster() == null ? null : String.valueOf(host.cluster().id()));
        putIfPresent(extra, "cpu", host.cpuNumber());
        putIfPresent(extra, "ram", host.ramMib());
        putIfPresent(extra, "disk", host.disk() == null ? null : host.disk().diskMib());
        // the host's view lists its addresses; only a VMmanager that leaves them out is asked for the list
        List<String> addresses = host.ip4() != null
                ? host.ip4().stream().filter(Objects::nonNull).map(VmManager6Api.Ip::ip)
                        .filter(VmManager6Adapter::isAddress).toList()
                : addresses(module, host.id());
        return new ExternalData(String.valueOf(host.id()), addresses,
                host.account() == null ? null : host.account().email(), extra);
    }

    /** An entry of VMmanager's address lists that names an address (one without is no address of the host). */
    private static boolean isAddress(String ip) {
        return ip != null && !ip.isBlank();
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, String.valueOf(value));
        }
    }

    private static ModuleOutcome pending(long hostId, VmManager6Api.TaskRef task, String name) {
        return new ModuleOutcome.Pending(new PendingTasks(hostId, List.of(taskRef(task, name))).handle());
    }

    private static PendingTasks.TaskRef taskRef(VmManager6Api.TaskRef answer, String name) {
        if (answer.task() == null) {
            throw new ModuleTechnicalException("MALFORMED_ANSWER", "VMmanager's " + name + " answer lacks a task id");
        }
        return new PendingTasks.TaskRef(answer.task(), name);
    }

    private static boolean isFinished(VmManager6Api.Task task) {
        return "complete".equals(task.status()) || "fail".equals(task.status());
    }

    private static String failureText(VmManager6Api.Task task) {
        if (task.output() != null && !task.output().isBlank()) {
            return ": " + task.output();
        }
        return task.deferReason() == null || task.deferReason().isNull() ? "" : ": " + task.deferReason();
    }

    private static void refuseShrink(String code, String resource, Long current, Long wanted) {
        if (current != null && wanted != null && wanted < current) {
            throw new Rejection(code, "VMmanager 6 only grows " + resource + ": " + current + " -> " + wanted
                    + " refused");
        }
    }

    private static boolean grows(Long current, Long wanted) {
        return wanted != null && (current == null || wanted > current);
    }

    private static long hostId(ModuleRequest request) {
        Long id = number(request.externalId());
        if (id == null) {
            throw new Rejection("Err_NoExternalId", "the service has no VMmanager host id (was it ever opened?)");
        }
        return id;
    }

    private static Long number(String text) {
        if (text == null || !text.trim().matches("\\d+")) {
            return null;
        }
        return Long.parseLong(text.trim());
    }

    /** OS names compared without case and punctuation: {@code ubuntu-24.04} matches {@code Ubuntu 24.04}. */
    private static String comparable(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String chosenRootPassword(ModuleRequest request) {
        return chosen(request, request.rootPassword(), "root");
    }

    /** A password the request must carry: HostFlow chose it before the call, the adapter never draws one. */
    private static String chosen(ModuleRequest request, String password, String which) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException(request.operation().feature() + " of service " + request.serviceId()
                    + " carries no " + which + " password: HostFlow chooses it before the call");
        }
        return password;
    }

    /**
     * Runs an operation, turning VMmanager's business refusals into {@link ModuleOutcome.Rejected}. An open (or a poll
     * of one) that fails in any way forgets the module's kept ids: the failure may stem from an id VMmanager no longer
     * knows (a preset deleted, a VMmanager rebuilt), so the next attempt reads them afresh.
     */
    private ModuleOutcome judged(ProcessingModuleConfig module, ModuleOperation operation,
            java.util.function.Supplier<ModuleOutcome> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (operation == ModuleOperation.OPEN) {
                lookups.forget(module);
            }
            if (e instanceof Rejection rejection) {
                return new ModuleOutcome.Rejected(rejection.code, rejection.getMessage());
            }
            if (e instanceof VmManagerError error) {
                return new ModuleOutcome.Rejected("Err_VmManager", error.describe());
            }
            throw e;
        }
    }

    /** A business refusal found on the way; {@link #judged} answers it as {@link ModuleOutcome.Rejected}. */
    private static final class Rejection extends RuntimeException {

        private final String code;

        Rejection(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
