package com.hostflow.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.modules.ModuleQueueSlots;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.security.SecretCipher;

/** Processing modules; the password is encrypted before it is stored and never leaves this service in plain text. */
@Service
@Transactional
public class ProcessingModuleService {

    /** Audit states are the API views: they tell whether a password is set, never the password. */
    static final String AUDIT_ENTITY = "processing-module";
    /** Why a stored password no configured key decrypts cannot be used (the API's and the console's words). */
    public static final String PASSWORD_PROBLEM = "the stored password cannot be decrypted with the current secret key"
            + " (the key was changed without re-encrypting it): set it again";

    private final ProcessingModuleRepository modules;
    private final ProductTypeRepository productTypes;
    private final DataCenterRepository dataCenters;
    private final DepartmentRepository departments;
    private final TariffPlanRepository tariffs;
    private final ModuleTypeRegistry moduleTypes;
    private final SecretCipher cipher;
    private final CatalogLookupService lookup;
    private final CatalogUsage usage;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;
    private final ApplicationEventPublisher events;

    ProcessingModuleService(ProcessingModuleRepository modules, ProductTypeRepository productTypes,
            DataCenterRepository dataCenters, DepartmentRepository departments, TariffPlanRepository tariffs,
            ModuleTypeRegistry moduleTypes, SecretCipher cipher, CatalogLookupService lookup, CatalogUsage usage,
            AuditLog auditLog, UnchangedWrites unchanged, ApplicationEventPublisher events) {
        this.modules = modules;
        this.productTypes = productTypes;
        this.dataCenters = dataCenters;
        this.departments = departments;
        this.tariffs = tariffs;
        this.moduleTypes = moduleTypes;
        this.usage = usage;
        this.cipher = cipher;
        this.lookup = lookup;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<ProcessingModuleView> list() {
        return modules.findAllByOrderBySortOrderAscIdAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public ProcessingModuleView get(long id) {
        return view(find(id));
    }

    /** The module's version (its ETag's), if it exists. */
    @Transactional(readOnly = true)
    public Optional<Long> version(long id) {
        return modules.findById(id).map(ProcessingModule::getVersion);
    }

    /**
     * The checks of a create ({@code id} null) or an update that bean validation cannot make, writing nothing: a
     * console form refused by its bean constraints shows these problems too, in one round.
     */
    public void checkInput(ProcessingModuleForm form, Long id) {
        validate(form, id == null ? StoredPassword.NONE
                : modules.findById(id).map(this::storedPassword).orElse(StoredPassword.NONE));
    }

    public ProcessingModuleView create(ProcessingModuleForm form) {
        Resolved resolved = validate(form, StoredPassword.NONE);
        ProcessingModule module = new ProcessingModule(resolved.productType(), form.moduleType(), form.name());
        apply(module, form, resolved);
        ProcessingModuleView created = view(modules.saveAndFlush(module));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public ProcessingModuleView update(long id, ProcessingModuleForm form, IfMatch ifMatch) {
        ProcessingModule module = lock(id);
        ifMatch.check(module.getVersion());
        Resolved resolved = validate(form, storedPassword(module));
        if (!resolved.productType().getId().equals(module.getProductType().getId())
                && tariffs.existsWithProcessingModule(module)) {
            throw new ConflictException("the product type of processing module " + id
                    + " cannot change while tariffs use it");
        }
        if (!form.moduleType().equals(module.getModuleType())) {
            // their VMs or accounts stay in the system of the old type: another type would never reach them
            List<Long> live = usage.liveServicesOfModule(id, 10);
            if (!live.isEmpty()) {
                throw new ConflictException("the module type of processing module " + id
                        + " cannot change while it serves live services " + live);
            }
        }
        ProcessingModuleView before = view(module);
        String departmentBefore = module.getDepartment() == null ? null : module.getDepartment().getKey();
        boolean newPassword = apply(module, form, resolved);
        // the view shows no password: a new one is a change the comparison cannot see
        if (!newPassword && unchanged.dropIfUnchanged(module, before, view(module))) {
            return before;
        }
        modules.flush(); // raises the version now: the answer's ETag is the new one
        ProcessingModuleView after = view(module);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        if (!after.queue().equals(before.queue())) {
            events.publishEvent(new ProcessingModuleQueueChanged(lookup.config(module)));
        }
        String departmentAfter = module.getDepartment() == null ? null : module.getDepartment().getKey();
        if (!Objects.equals(departmentBefore, departmentAfter)) {
            // its open tasks follow it, in this transaction (the module's row lock keeps new ones from slipping by)
            events.publishEvent(new ProcessingModuleDepartmentChanged(id, departmentBefore, departmentAfter));
        }
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        ProcessingModule module = lock(id);
        ifMatch.check(module.getVersion());
        if (tariffs.existsWithProcessingModule(module)) {
            throw new ConflictException("processing module " + id + " is still used by tariffs");
        }
        List<Long> live = usage.liveServicesOfModule(id, 10);
        if (!live.isEmpty()) {
            throw new ConflictException("processing module " + id + " still serves live services " + live);
        }
        ProcessingModuleView before = view(module);
        modules.delete(module);
        modules.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    /** Whether the module has a password stored, and whether a configured key decrypts it. */
    private enum StoredPassword { NONE, READABLE, UNREADABLE }

    private StoredPassword storedPassword(ProcessingModule module) {
        if (!module.isPasswordSet()) {
            return StoredPassword.NONE;
        }
        return cipher.decrypts(module.getPasswordEncrypted()) ? StoredPassword.READABLE : StoredPassword.UNREADABLE;
    }

    /** The API's view; a stored password no configured key decrypts is shown as a problem, not as set. */
    private ProcessingModuleView view(ProcessingModule module) {
        return ProcessingModuleView.of(module,
                storedPassword(module) == StoredPassword.UNREADABLE ? PASSWORD_PROBLEM : null);
    }

    private ProcessingModule find(long id) {
        return modules.findById(id).orElseThrow(() -> new NotFoundException("processing module", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private ProcessingModule lock(long id) {
        return modules.lockById(id).orElseThrow(() -> new NotFoundException("processing module", id));
    }

    private record Resolved(ProductType productType, DataCenter dataCenter, Department department) {
    }

    private Resolved validate(ProcessingModuleForm form, StoredPassword passwordStored) {
        FieldProblems problems = new FieldProblems();
        // share-locked before the module is written: a change of the product type locks it before the catalog's
        // version row, a module's write takes the version row first; in that order the two would deadlock
        ProductType productType = productTypes.shareByCode(form.productType()).orElse(null);
        problems.addIf(productType == null, "productType", "unknown product type '" + form.productType() + "'");
        ModuleTypeDescriptor type = moduleTypes.descriptor(form.moduleType()).orElse(null);
        if (type == null) {
            problems.add("moduleType", "unknown module type '" + form.moduleType() + "', see GET /module-types");
        } else {
            problems.addIf(productType != null && !type.productTypes().contains(productType.getCode()),
                    "productType", "module type " + type.type() + " serves only " + type.productTypes());
            problems.addIf(type.requiresDataCenter() && form.dataCenterId() == null, "dataCenterId",
                    "module type " + type.type() + " requires a data center");
            validateRequiredConfig(form, type, passwordStored, problems);
        }
        DataCenter dataCenter = null;
        if (form.dataCenterId() != null) {
            dataCenter = dataCenters.findById(form.dataCenterId()).orElse(null);
            problems.addIf(dataCenter == null, "dataCenterId", "unknown data center " + form.dataCenterId());
        }
        Department department = null;
        if (form.departmentId() != null) {
            department = departments.findById(form.departmentId()).orElse(null);
            problems.addIf(department == null, "departmentId", "unknown department " + form.departmentId());
        }
        String url = form.integration() == null ? null : form.integration().url();
        String urlProblem = url == null || url.isBlank() ? null : baseUrlProblem(url);
        problems.addIf(urlProblem != null, "integration.url", urlProblem);
        ProcessingModuleForm.Queue queue = form.queue();
        problems.addIf(queue != null && Boolean.TRUE.equals(queue.runInQueue())
                        && (queue.queues() == null || queue.queues() < 1), "queue.queues",
                "must be at least 1 when operations run in a queue");
        problems.addIf(queue != null && queue.queues() != null && queue.queues() < 0, "queue.queues",
                "must not be negative");
        // any other key was taken as one queue for the whole module: a typo of "cluster" changed it unseen
        problems.addIf(queue != null && !ModuleQueueSlots.knownQueueKey(queue.queueKey()), "queue.queueKey",
                "must be cluster (one queue per cluster), datacenter (per data center) or empty (one queue for the"
                        + " module)");
        problems.throwIfAny();
        return new Resolved(productType, dataCenter, department);
    }

    /**
     * The fields the module type marks required (URL, user, password, cluster) must be given; a required password
     * may be left out only while a stored one can be decrypted (one that cannot would be kept as if it were fine).
     */
    private static void validateRequiredConfig(ProcessingModuleForm form, ModuleTypeDescriptor type,
            StoredPassword passwordStored, FieldProblems problems) {
        ProcessingModuleForm.Integration integration = form.integration();
        ProcessingModuleForm.Settings settings = form.settings();
        for (ModuleTypeDescriptor.ConfigField field : type.configFields()) {
            if (!field.required()) {
                continue;
            }
            switch (field.name()) {
                case "url" -> problems.addIf(integration == null || isBlank(integration.url()), "integration.url",
                        "is required by module type " + type.type());
                case "username" -> problems.addIf(integration == null || isBlank(integration.username()),
                        "integration.username", "is required by module type " + type.type());
                case "password" -> problems.addIf(passwordStored != StoredPassword.READABLE
                                && (integration == null || isBlank(integration.password())),
                        "integration.password", passwordStored == StoredPassword.UNREADABLE ? PASSWORD_PROBLEM
                                : "is required by module type " + type.type());
                case "cluster" -> problems.addIf(settings == null || isBlank(settings.cluster()), "settings.cluster",
                        "is required by module type " + type.type());
                default -> {
                    // boolean settings have a default
                }
            }
        }
    }

    /** True when it stored a password the module did not have. */
    private boolean apply(ProcessingModule module, ProcessingModuleForm form, Resolved resolved) {
        module.setProductType(resolved.productType());
        module.setModuleType(form.moduleType());
        module.setName(form.name().trim());
        module.setDataCenter(resolved.dataCenter());
        module.setDepartment(resolved.department());
        module.setSortOrder(form.sortOrder() == null ? 0 : form.sortOrder());
        ProcessingModuleForm.Integration integration = form.integration();
        module.setUrl(integration == null ? null : DataCenterService.blankToNull(integration.url()));
        module.setUsername(integration == null ? null : DataCenterService.blankToNull(integration.username()));
        boolean newPassword = integration != null && !isBlank(integration.password())
                && !isStoredPassword(module, integration.password());
        if (newPassword) {
            module.setPasswordEncrypted(cipher.encrypt(integration.password()));
        }
        ProcessingModuleForm.Settings settings = form.settings();
        module.setCluster(settings == null ? null : DataCenterService.blankToNull(settings.cluster()));
        module.setUseRecipes(settings != null && Boolean.TRUE.equals(settings.useRecipes()));
        module.setAdditionalNetworkInterface(settings != null
                && Boolean.TRUE.equals(settings.additionalNetworkInterface()));
        ProcessingModuleForm.Queue queue = form.queue();
        module.setRunInQueue(queue != null && Boolean.TRUE.equals(queue.runInQueue()));
        module.setQueues(queue == null || queue.queues() == null ? 1 : queue.queues());
        module.setQueueKey(queue == null ? null : DataCenterService.blankToNull(queue.queueKey()));
        return newPassword;
    }

    /**
     * Whether the module's stored password is this one. Each encryption takes a fresh IV, so the ciphertexts of one
     * password differ: they are compared decrypted (in memory only). One no key decrypts is replaced.
     */
    private boolean isStoredPassword(ProcessingModule module, String password) {
        if (!module.isPasswordSet()) {
            return false;
        }
        try {
            return MessageDigest.isEqual(cipher.decrypt(module.getPasswordEncrypted()).getBytes(UTF_8),
                    password.getBytes(UTF_8));
        } catch (IllegalStateException undecryptable) {
            return false;
        }
    }

    /**
     * What is wrong with a module's base URL, or null. The module's calls append their paths to it, so it carries no
     * query or fragment; and no user or password: those are the form's own fields, the password one encrypted at
     * rest, while the URL is shown, audited and written into messages as it is.
     */
    private static String baseUrlProblem(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return "must be an http or https URL";
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            return "must be an http or https URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user or password: give them as integration.username and integration.password";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "port " + uri.getPort() + " is out of range (1-65535)";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must be a base URL, without a query (?) or fragment (#)";
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
