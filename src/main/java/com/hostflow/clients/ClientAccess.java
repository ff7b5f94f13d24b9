package com.hostflow.clients;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.CurrentUser;

/**
 * Client isolation for every feature: a caller with the CLIENT role sees only the client linked to its login; for
 * everyone else the answer is 404 as if another client did not exist. ADMIN and STAFF see every client.
 */
@Component
public class ClientAccess {

    private static final String CLIENT_ID = ClientAccess.class.getName() + ".currentClientId";

    private final CurrentUser currentUser;
    private final ClientRepository clients;

    ClientAccess(CurrentUser currentUser, ClientRepository clients) {
        this.currentUser = currentUser;
        this.clients = clients;
    }

    /**
     * The client linked to the logged-in CLIENT user; empty for ADMIN, STAFF and logins without a client. Looked up
     * once per HTTP request (a request asks several times: the order's checks, then its answer).
     */
    @SuppressWarnings("unchecked")
    public Optional<Long> currentClientId() {
        if (!currentUser.isClient()) {
            return Optional.empty();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object known = request == null ? null : request.getAttribute(CLIENT_ID, RequestAttributes.SCOPE_REQUEST);
        if (known instanceof Optional<?> id) {
            return (Optional<Long>) id;
        }
        Optional<Long> id = clients.findByLogin(currentUser.username()).map(Client::getId);
        if (request != null) {
            request.setAttribute(CLIENT_ID, id, RequestAttributes.SCOPE_REQUEST);
        }
        return id;
    }

    /** Whether the caller is a CLIENT (and so limited to {@link #currentClientId()}). */
    public boolean callerIsClient() {
        return currentUser.isClient();
    }

    /**
     * Passes when the client exists and the caller may see it.
     *
     * @throws NotFoundException for an unknown client, and for a CLIENT caller asking about another client
     */
    @Transactional(readOnly = true)
    public void requireVisible(long clientId) {
        if (currentUser.isClient()) {
            if (currentClientId().filter(own -> own == clientId).isEmpty()) {
                throw new NotFoundException("client", clientId);
            }
        } else if (!clients.existsById(clientId)) {
            throw new NotFoundException("client", clientId);
        }
    }
}
