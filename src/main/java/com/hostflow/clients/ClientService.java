package com.hostflow.clients;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.billing.AccountService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.common.mail.MailAddresses;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.UserNameLock;

/** Creating and changing clients, their login and their account at their provider. */
@Service
public class ClientService {

    static final String AUDIT_ENTITY = "client";

    /** A password set for a client's login: who set it for whom and when, no states (as a user's own change). */
    static final String PASSWORD_AUDIT_ENTITY = "password";

    /** The engine keeps user ids in 64 characters. */
    static final int MAX_LOGIN_LENGTH = 64;

    /** User ids the engine accepts ({@code general-resource-whitelist-pattern} in application.yml). */
    static final Pattern LOGIN_ID = Pattern.compile("[a-zA-Z0-9@._-]+");

    private static final Logger log = LoggerFactory.getLogger(ClientService.class);

    private final ClientRepository clients;
    private final ClientLogins logins;
    private final AccountService accounts;
    private final CatalogLookup catalog;
    private final UserNameLock emails;
    private final Clock clock;
    private final AuditLog auditLog;

    ClientService(ClientRepository clients, ClientLogins logins, AccountService accounts, CatalogLookup catalog,
            UserNameLock emails, Clock clock, AuditLog auditLog) {
        this.clients = clients;
        this.logins = logins;
        this.accounts = accounts;
        this.catalog = catalog;
        this.emails = emails;
        this.clock = clock;
        this.auditLog = auditLog;
    }

    /** A client as the audit log keeps it: the API's view of it (never the password). */
    record AuditState(long id, String email, String name, String phone, long providerId, boolean loginEnabled,
            String language) {

        static AuditState of(Client client) {
            return new AuditState(client.getId(), client.getEmail(), client.getName(), client.getPhone(),
                    client.getProviderId(), client.getLogin() != null, client.getLanguage());
        }
    }

    /** Languages the notification templates speak; a client's mails come in its language. */
    public static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "ru");

    /**
     * What an admin gives for a client; {@code password} is optional and creates or resets the login (and then needs an
     * e-mail); {@code language} is {@code en} (the default when null) or {@code ru}.
     */
    public record ClientData(String email, String name, String phone, long providerId, String password,
            String language) {

        public ClientData(String email, String name, String phone, long providerId, String password) {
            this(email, name, phone, providerId, password, null);
        }
    }

    /**
     * Creates the client, its account at its provider (in the provider's currency) and, with a password, its login
     * (user id = email, group {@code hostflow-clients}) — all in one transaction.
     *
     * @throws ConflictException when the email is taken by a client or a login
     */
    @Transactional
    public Client create(ClientData data) {
        validate(data);
        lockEmail(data.email());
        if (data.email() != null && clients.findByEmailIgnoreCase(data.email()).isPresent()) {
            throw new ConflictException("a client with email " + data.email() + " exists");
        }
        Client client = clients.save(new Client(data.email(), data.name(), data.phone(), data.providerId(),
                clock.instant()));
        client.speak(language(data));
        accounts.openAccount(client.getId(), data.providerId());
        if (data.password() != null) {
            logins.create(data.email(), data.password(), data.name());
            client.linkLogin(data.email());
        }
        log.info("client {} created at provider {}", client.getId(), data.providerId());
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, client.getId(), null, AuditState.of(client));
        return client;
    }

    /**
     * Changes email, name, phone; a password resets the login's password, or creates the login when the client has
     * none. The login's user id stays what it was created with even when the email changes.
     *
     * @throws ConflictException when the provider would change or the email is taken
     */
    @Transactional
    public Client update(long clientId, ClientData data, IfMatch ifMatch) {
        validate(data);
        // two saves of one client take turns, as catalog entries' do: without If-Match the later one wins, not a 409
        Client client = clients.lockById(clientId).orElseThrow(() -> new NotFoundException("client", clientId));
        ifMatch.check(client.getVersion());
        if (client.getProviderId() != data.providerId()) {
            throw new ConflictException("the provider of a client cannot change");
        }
        if (data.email() != null) {
            lockEmail(data.email());
            clients.findByEmailIgnoreCase(data.email()).filter(other -> !other.getId().equals(clientId))
                    .ifPresent(other -> {
                        throw new ConflictException("a client with email " + data.email() + " exists");
                    });
        }
        if (data.email() == null && client.getLogin() != null) {
            throw new com.hostflow.common.web.InvalidInputException("email", "a client with a login needs an email");
        }
        AuditState before = AuditState.of(client);
        client.rename(data.email(), data.name(), data.phone());
        client.speak(language(data));
        if (data.password() != null) {
            if (client.getLogin() == null) {
                logins.create(data.email(), data.password(), data.name());
                client.linkLogin(data.email());
            } else {
                logins.changePassword(client.getLogin(), data.password());
            }
            auditLog.record(AuditAction.UPDATE, PASSWORD_AUDIT_ENTITY, client.getLogin(), null, null);
        }
        AuditState after = AuditState.of(client);
        // an equal state is an unchanged save: Hibernate writes no row (the version and ETag stay), nor do we an entry
        if (!after.equals(before)) {
            auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, clientId, before, after);
        }
        return client;
    }

    /**
     * Two clients saved at once with e-mails that differ only in letter case (the unique key sees case) take turns
     * here, so the later one sees the first; the e-mail is a login's user name too, so it is that name's lock.
     */
    private void lockEmail(String email) {
        if (email != null) {
            emails.lock(email);
        }
    }

    /**
     * The demo's client: creates it (adopting an existing user with its email as its login) unless a client with
     * that email exists. Returns the client either way.
     */
    @Transactional
    public Client ensureClient(ClientData data) {
        return clients.findByEmailIgnoreCase(data.email()).orElseGet(() -> {
            if (!logins.exists(data.email())) {
                return create(data);
            }
            Client client = create(new ClientData(data.email(), data.name(), data.phone(), data.providerId(), null,
                    data.language()));
            logins.adopt(data.email());
            client.linkLogin(data.email());
            return client;
        });
    }

    @Transactional(readOnly = true)
    public Client client(long clientId) {
        return clients.findById(clientId).orElseThrow(() -> new NotFoundException("client", clientId));
    }

    @Transactional(readOnly = true)
    public List<Client> clients(int page, int size) {
        return clients.findAll(PageRequest.of(page, size, Sort.by("id"))).getContent();
    }

    private static String language(ClientData data) {
        return data.language() == null ? "en" : data.language();
    }

    private void validate(ClientData data) {
        new FieldProblems()
                .addIf(data.email() != null && !MailAddresses.isBareAddress(data.email()), "email",
                        "must be an e-mail address such as name@example.com (no name or quotes; an international domain"
                                + " in its xn-- form)")
                .addIf(data.email() == null && data.password() != null, "email",
                        "a client with a login needs an email")
                .addIf(data.language() != null && !LANGUAGES.contains(data.language()), "language",
                        "must be one of " + new java.util.TreeSet<>(LANGUAGES))
                .addIf(catalog.providerCurrency(data.providerId()).isEmpty(), "providerId",
                        "unknown provider " + data.providerId())
                .addIf(data.password() != null && data.email() != null && data.email().length() > MAX_LOGIN_LENGTH,
                        "email", "a client with a login needs an email of at most " + MAX_LOGIN_LENGTH + " characters")
                .addIf(data.password() != null && data.email() != null && !LOGIN_ID.matcher(data.email()).matches(),
                        "email", "a client with a login needs an email of letters, digits and @ . _ - only")
                .throwIfAny();
    }
}
