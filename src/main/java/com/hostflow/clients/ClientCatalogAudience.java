package com.hostflow.clients;

import java.util.Optional;
import java.util.function.LongPredicate;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogAudience;

/** A CLIENT sees its own provider's catalog; a client login without a client sees no provider's. */
@Component
class ClientCatalogAudience implements CatalogAudience {

    private final ClientAccess access;
    private final ClientRepository clients;

    ClientCatalogAudience(ClientAccess access, ClientRepository clients) {
        this.access = access;
        this.clients = clients;
    }

    @Override
    public LongPredicate visibleProviders() {
        if (!access.callerIsClient()) {
            return providerId -> true;
        }
        Optional<Long> own = access.currentClientId().flatMap(clients::findById).map(Client::getProviderId);
        return providerId -> own.filter(id -> id == providerId).isPresent();
    }
}
