package com.hostflow.clientarea;

import org.springframework.stereotype.Component;

import com.hostflow.billing.AccountService;
import com.hostflow.billing.AccountService.AccountBalance;
import com.hostflow.clients.Client;
import com.hostflow.clients.ClientAccess;
import com.hostflow.clients.ClientService;
import com.hostflow.common.web.NotFoundException;

/** The client record of the logged-in client, and its balance at its own provider. */
@Component
class MyClient {

    private final ClientAccess access;
    private final ClientService clients;
    private final AccountService accounts;

    MyClient(ClientAccess access, ClientService clients, AccountService accounts) {
        this.access = access;
        this.clients = clients;
        this.accounts = accounts;
    }

    /** @throws NotFoundException for a client login that has no client record */
    Client client() {
        long id = access.currentClientId().orElseThrow(() -> new NotFoundException("client of this login", "-"));
        return clients.client(id);
    }

    AccountBalance account(Client client) {
        return accounts.account(client.getId(), client.getProviderId());
    }
}
