package com.hostflow.services;

import org.springframework.stereotype.Component;

import com.hostflow.clients.ClientAccess;
import com.hostflow.common.web.NotFoundException;

/** Who may see which service: admins and staff every service, a client only its own (404 for the others). */
@Component
public class ServiceAccess {

    /** matches no client: what a CLIENT login without a client may list */
    private static final long NO_CLIENT = -1L;

    private final ClientAccess clients;

    ServiceAccess(ClientAccess clients) {
        this.clients = clients;
    }

    /** Throws 404 when the caller may not know the service exists. */
    public void checkCanRead(ServiceInstance service) {
        if (clients.callerIsClient()
                && clients.currentClientId().filter(own -> own == service.getClientId()).isEmpty()) {
            throw new NotFoundException("service", service.getId());
        }
    }

    /** Whether the caller is a client (who sees only its own services, and of those its own doings). */
    public boolean callerIsClient() {
        return clients.callerIsClient();
    }

    /**
     * The client whose services (or orders) a list may show: the requested one (null: all) for staff, always the
     * caller's own for clients. A client filtering by another client's id is 404: it learns nothing, not even that
     * the list would be empty.
     */
    public Long restrictListToClient(Long requestedClientId) {
        if (!clients.callerIsClient()) {
            return requestedClientId;
        }
        long own = clients.currentClientId().orElse(NO_CLIENT);
        if (requestedClientId != null && requestedClientId != own) {
            throw new NotFoundException("client", requestedClientId);
        }
        return own;
    }
}
