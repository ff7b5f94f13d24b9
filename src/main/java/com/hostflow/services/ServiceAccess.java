package com.hostflow.services;

import org.springframework.stereotype.Component;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.security.CurrentUser;

/**
 * Who may see which service. Admins and staff see every service. Clients will see their own services once billing's
 * client lookup (the login → client id mapping) is merged; until then a client sees none: this class is the one
 * place to wire it.
 */
@Component
public class ServiceAccess {

    private final CurrentUser currentUser;

    ServiceAccess(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    /** Throws 404 when the caller may not know the service exists. */
    public void checkCanRead(ServiceInstance service) {
        if (!seesEveryService()) {
            throw new NotFoundException("service", service.getId());
        }
    }

    /** The client whose services a list may show: null for staff (any client), the caller's own client otherwise. */
    public Long restrictListToClient(Long requestedClientId) {
        if (seesEveryService()) {
            return requestedClientId;
        }
        // no client mapping yet: a client id that matches no service
        return -1L;
    }

    private boolean seesEveryService() {
        return currentUser.isAdmin() || currentUser.isStaff();
    }
}
