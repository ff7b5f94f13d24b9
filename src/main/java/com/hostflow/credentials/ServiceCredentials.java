package com.hostflow.credentials;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.modules.MachinePasswords;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleOutcome.Credentials;
import com.hostflow.security.EncryptedSecrets;
import com.hostflow.security.SecretCipher;
import com.hostflow.security.UndecryptableSecretException;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceRepository;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * The store of what modules created for clients (panel login and password, root password, panel address). Passwords
 * are encrypted with {@link SecretCipher} before they reach the entity, decrypted only for {@link #reveal}, and never
 * logged. Module answers arrive through {@link #fromModule} in the transaction that journals the module call;
 * what a still-running operation chose is held back until the module reports that operation completed, so a failed
 * password change never replaces the password that still works.
 */
@Service
public class ServiceCredentials implements EncryptedSecrets {

    static final String AUDIT_ENTITY = "service-credentials";
    private static final int ROTATION_BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(ServiceCredentials.class);

    private final ServiceCredentialRepository store;
    private final SecretCipher cipher;
    private final ServiceRepository services;
    private final ServiceQueries serviceQueries;
    private final AuditLog audit;
    private final Clock clock;
    private final EntityManager entityManager;
    private final ObjectMapper json = new ObjectMapper();

    ServiceCredentials(ServiceCredentialRepository store, SecretCipher cipher, ServiceRepository services,
            ServiceQueries serviceQueries, AuditLog audit, Clock clock, EntityManager entityManager) {
        this.store = store;
        this.cipher = cipher;
        this.services = services;
        this.serviceQueries = serviceQueries;
        this.audit = audit;
        this.clock = clock;
        this.entityManager = entityManager;
    }

    /**
     * What the client of a service may read: {@code GET /services/{id}/credentials}. Fields are null when unknown, and
     * a stored password no configured key decrypts is null too, named in {@code unreadable} ({@code password},
     * {@code rootPassword}) with the reason in {@code unreadableReason} (null when every one was read).
     */
    public record Revealed(String login, String password, String rootPassword, String panelUrl,
            List<String> addresses, List<String> unreadable, String unreadableReason) {

        @Override
        public String toString() {
            return "Revealed[login=" + login + ", passwords hidden, panelUrl=" + panelUrl + "]";
        }
    }

    /** The passwords HostFlow chose for an operation before it calls the module; either is null when not asked for. */
    public record ChosenPasswords(String rootPassword, String accountPassword) {

        public static final ChosenPasswords NONE = new ChosenPasswords(null, null);

        @Override
        public String toString() {
            return "ChosenPasswords[root " + (rootPassword == null ? "none" : "[hidden]") + ", account "
                    + (accountPassword == null ? "none" : "[hidden]") + "]";
        }
    }

    /**
     * What the pending column holds for an operation, encrypted: the credentials its answers brought (put in force
     * when it completes) and the panel account password chosen ahead, which is never put in force by itself: only an
     * answer saying the account was made (or logged into) with it is. Rows written before the account password was
     * chosen ahead lack the last field and read it as null.
     */
    private record Held(String login, String password, String rootPassword, String panelUrl, boolean accountExisted,
            String accountPasswordChosen) {

        static final Held NOTHING = new Held(null, null, null, null, false, null);

        static Held of(Credentials credentials, String accountPasswordChosen) {
            return new Held(credentials.login(), credentials.password(), credentials.rootPassword(),
                    credentials.panelUrl(), credentials.accountExisted(), accountPasswordChosen);
        }

        Credentials answered() {
            return new Credentials(login, password, rootPassword, panelUrl, accountExisted);
        }

        Held withChosen(String root, String account) {
            return new Held(login, password, root, panelUrl, accountExisted, account);
        }
    }

    /** What a notification may say about the credentials: never a password. */
    public record LoginInfo(String login, String panelUrl, boolean passwordKnown) {
    }

    /**
     * Takes what a module answered for an operation of a service: credentials of a {@link ModuleOutcome.Pending}
     * answer wait for the operation to complete; a {@link ModuleOutcome.Completed} answer confirms them (and may
     * carry credentials of its own); a refusal drops what the operation had chosen.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void fromModule(long serviceId, long clientId, String operationKey, ModuleOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof ModuleOutcome.Pending pending && pending.credentials() != null) {
            ServiceCredential row = row(serviceId, clientId, now);
            Held before = held(row, operationKey);
            // a later attempt of the operation (a poll that makes the host again) must offer the same account password
            row.holdPending(operationKey, cipher.encrypt(toJson(Held.of(pending.credentials(),
                    before == null ? null : before.accountPasswordChosen()))), now);
        } else if (outcome instanceof ModuleOutcome.Completed completed) {
            Optional<ServiceCredential> existing = locked(serviceId);
            if (existing.isPresent() && existing.get().isPendingFor(operationKey)) {
                ServiceCredential row = existing.get();
                apply(row, held(row, operationKey).answered(), now);
                row.clearPending(now);
                log.info("credentials of service {} confirmed by operation {}", serviceId, operationKey);
            }
            if (completed.credentials() != null) {
                apply(row(serviceId, clientId, now), completed.credentials(), now);
            }
        } else if (outcome instanceof ModuleOutcome.Rejected) {
            locked(serviceId).filter(row -> row.isPendingFor(operationKey))
                    .ifPresent(row -> row.clearPending(now));
        }
    }

    /**
     * The passwords an operation may set, chosen once per operation key and held, encrypted, with the operation's
     * pending credentials before the module is called: the root password (see
     * {@code ProcessingModuleAdapter.setsRootPassword}) and the password of a panel account the operation may create
     * ({@code createsAccount}). A retry after a crash or a lost answer sends the same ones, so a machine or an account
     * it adopts has a password HostFlow knows. The module's answers then confirm (or drop) the root password as they
     * do any pending credentials; the account password is put in force only by an answer that says it was used.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ChosenPasswords chooseAhead(long serviceId, long clientId, String operationKey, boolean rootPassword,
            boolean accountPassword) {
        Instant now = clock.instant();
        ServiceCredential row = row(serviceId, clientId, now);
        Held held = held(row, operationKey);
        Held before = held == null ? Held.NOTHING : held;
        String root = rootPassword && before.rootPassword() == null ? MachinePasswords.random()
                : before.rootPassword();
        String account = accountPassword && before.accountPasswordChosen() == null ? MachinePasswords.random()
                : before.accountPasswordChosen();
        Held chosen = before.withChosen(root, account);
        if (!chosen.equals(held)) {
            row.holdPending(operationKey, cipher.encrypt(toJson(chosen)), now);
        }
        return new ChosenPasswords(rootPassword ? root : null, accountPassword ? account : null);
    }

    /**
     * What a department member entered for a service of a manual module (the task's form). Null or blank values
     * leave the stored ones as they are.
     */
    @Transactional
    public void recordByHand(long serviceId, String login, String password, String rootPassword, String panelUrl) {
        ServiceInstance service = services.findById(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        Instant now = clock.instant();
        apply(row(serviceId, service.getClientId(), now), new Credentials(blankToNull(login), blankToNull(password),
                blankToNull(rootPassword), blankToNull(panelUrl), false), now);
        log.info("credentials of service {} entered by hand", serviceId);
    }

    /** The service's credentials for its client (or an admin); 404 for another client's service. Every read is audited. */
    @Transactional
    public Revealed reveal(long serviceId) {
        ServiceInstance service = serviceQueries.service(serviceId);
        if (service.isDeleted()) {
            throw new ConflictException("service " + serviceId + " is deleted: its credentials went with it");
        }
        Optional<ServiceCredential> row = store.findById(serviceId);
        List<String> unreadable = new ArrayList<>();
        Revealed revealed = new Revealed(row.map(ServiceCredential::getLogin).orElse(null),
                row.map(ServiceCredential::getPasswordEncrypted)
                        .map(value -> readable(serviceId, "password", value, unreadable)).orElse(null),
                row.map(ServiceCredential::getRootPasswordEncrypted)
                        .map(value -> readable(serviceId, "rootPassword", value, unreadable)).orElse(null),
                row.map(ServiceCredential::getPanelUrl).orElse(null), List.copyOf(service.getIpAddresses()),
                List.copyOf(unreadable), unreadableReason(unreadable));
        audit.record(AuditAction.READ, AUDIT_ENTITY, serviceId, null, Map.of("fields", presentFields(revealed)));
        return revealed;
    }

    /**
     * A stored password, or null when no configured key opens it (its key was lost in a rotation), then named in
     * {@code unreadable}: the read shows the rest and says which one it cannot show, where it failed whole with a 500.
     */
    private String readable(long serviceId, String field, String encrypted, List<String> unreadable) {
        try {
            return cipher.decrypt(encrypted);
        } catch (UndecryptableSecretException e) {
            log.warn("the {} of service {} is left out of its credentials: {}", field, serviceId, e.getMessage());
            unreadable.add(field);
            return null;
        }
    }

    /** Why the passwords named cannot be shown, and what gives working ones; null when none is named. */
    static String unreadableReason(List<String> unreadable) {
        if (unreadable.isEmpty()) {
            return null;
        }
        boolean panel = unreadable.contains("password");
        boolean root = unreadable.contains("rootPassword");
        String what = panel && root ? "panel and root passwords" : panel ? "panel password" : "root password";
        String remedy = panel && root ? "a password reset sets a new root password; ask the provider to set the panel"
                + " password again" : panel ? "ask the provider to set it again" : "a password reset sets a new one";
        return "the stored " + what + " cannot be decrypted with the current secret key (the key was changed without"
                + " re-encrypting " + (panel && root ? "them" : "it") + "): " + remedy;
    }

    /**
     * The service is deleted: what the module created for the client is no longer anyone's to read, so it is not kept
     * (a secret kept is a secret that can leak).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(long serviceId) {
        store.findById(serviceId).ifPresent(row -> {
            store.delete(row);
            log.info("credentials of deleted service {} removed", serviceId);
        });
    }

    /** Login and panel of a service, without any password: what a "service ready" message may show. */
    @Transactional(readOnly = true)
    public Optional<LoginInfo> loginInfo(long serviceId) {
        return store.findById(serviceId).map(row -> new LoginInfo(row.getLogin(), row.getPanelUrl(),
                row.getPasswordEncrypted() != null || row.getRootPasswordEncrypted() != null));
    }

    /** Key rotation: every stored value the current key cannot read is decrypted with a previous key and sealed again. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int reencryptUnderCurrentKey(SecretCipher current) {
        int rows = 0;
        long after = 0;
        List<ServiceCredential> batch;
        do {
            batch = store.batchAfter(after, PageRequest.of(0, ROTATION_BATCH));
            for (ServiceCredential row : batch) {
                after = row.getServiceId();
                try {
                    String password = reencrypted(current, row.getPasswordEncrypted());
                    String root = reencrypted(current, row.getRootPasswordEncrypted());
                    String pending = reencrypted(current, row.getPendingEncrypted());
                    if (password != null || root != null || pending != null) {
                        row.replaceCiphertexts(password != null ? password : row.getPasswordEncrypted(),
                                root != null ? root : row.getRootPasswordEncrypted(),
                                pending != null ? pending : row.getPendingEncrypted());
                        rows++;
                    }
                } catch (IllegalStateException e) {
                    log.warn("the credentials of service {} cannot be decrypted with hostflow.secret-key or"
                            + " hostflow.previous-secret-keys; reset the password of the service", row.getServiceId());
                }
            }
        } while (batch.size() == ROTATION_BATCH);
        if (rows > 0) {
            log.info("secret key rotation: the credentials of {} service(s) re-encrypted", rows);
        }
        return rows;
    }

    /** The value under the current key, or null when it is already (or there is nothing). */
    private static String reencrypted(SecretCipher current, String stored) {
        if (stored == null || current.isUnderCurrentKey(stored)) {
            return null;
        }
        return current.reencrypt(stored);
    }

    private void apply(ServiceCredential row, Credentials credentials, Instant now) {
        if (credentials.login() != null) {
            row.login(credentials.login(), now);
        }
        if (credentials.panelUrl() != null) {
            row.panelUrl(credentials.panelUrl(), now);
        }
        if (credentials.password() != null) {
            row.passwordEncrypted(cipher.encrypt(credentials.password()), now);
        } else if (credentials.accountExisted() && row.getLogin() != null && row.getPanelUrl() != null) {
            // the panel account came from another service of the client: its password is the one stored there
            store.siblingsWithPassword(row.getClientId(), row.getServiceId(), row.getLogin(), row.getPanelUrl(),
                    PageRequest.of(0, 1)).stream().findFirst()
                    .ifPresent(sibling -> row.passwordEncrypted(sibling.getPasswordEncrypted(), now));
        }
        if (credentials.rootPassword() != null) {
            row.rootPasswordEncrypted(cipher.encrypt(credentials.rootPassword()), now);
        }
    }

    private ServiceCredential row(long serviceId, long clientId, Instant now) {
        return locked(serviceId).orElseGet(() -> {
            ServiceCredential row = new ServiceCredential(serviceId, clientId, now);
            entityManager.persist(row);
            return row;
        });
    }

    /**
     * The row locked, so two module answers for one service apply one after the other. A find, not a query: the row
     * this transaction already holds (a call's answer and the look at once that follows) costs no statement and no
     * flush.
     */
    private Optional<ServiceCredential> locked(long serviceId) {
        return Optional.ofNullable(entityManager.find(ServiceCredential.class, serviceId,
                LockModeType.PESSIMISTIC_WRITE));
    }

    private static List<String> presentFields(Revealed revealed) {
        List<String> fields = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("login", revealed.login());
        values.put("password", revealed.password());
        values.put("rootPassword", revealed.rootPassword());
        values.put("panelUrl", revealed.panelUrl());
        values.forEach((name, value) -> {
            if (value != null) {
                fields.add(name);
            }
        });
        if (!revealed.addresses().isEmpty()) {
            fields.add("addresses");
        }
        return fields;
    }

    /** What the row holds for this operation; null when it holds nothing or holds it for another operation. */
    private Held held(ServiceCredential row, String operationKey) {
        return row.isPendingFor(operationKey) ? fromJson(cipher.decrypt(row.getPendingEncrypted())) : null;
    }

    private String toJson(Held credentials) {
        try {
            return json.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write credentials", e);
        }
    }

    private Held fromJson(String text) {
        try {
            return json.readValue(text, Held.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read held credentials", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
