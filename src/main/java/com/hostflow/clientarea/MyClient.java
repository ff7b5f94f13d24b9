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

    /** @throws NoClientAccount for a client login that has no client record */
    Client client() {
        long id = access.currentClientId().orElseThrow(NoClientAccount::new);
        return clients.client(id);
    }

    /**
     * A login in the clients' group with no client record (a user put there in Camunda Admin): 404 as the API's
     * ids are for it, said so the person can act on it (the page read "client of this login - not found").
     */
    static final class NoClientAccount extends NotFoundException {

        NoClientAccount() {
            super("This login has no client account. Please contact your provider to have one set up.");
        }
    }

    AccountBalance account(Client client) {
        return accounts.account(client.getId(), client.getProviderId());
    }
}
