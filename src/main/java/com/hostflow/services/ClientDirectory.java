package com.hostflow.services;

import java.util.Optional;

import org.springframework.stereotype.Component;

import com.hostflow.clients.Client;
import com.hostflow.clients.ClientService;

/** The clients feature's clients as the lifecycle sees them: name, e-mail, phone. */
@Component
class ClientDirectory implements ClientContacts {

    private final ClientService clients;

    ClientDirectory(ClientService clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Contact> contact(long clientId) {
        // services are only created for existing clients, and clients are never deleted
        Client client = clients.client(clientId);
        return Optional.of(new Contact(client.getEmail(), client.getName(), client.getPhone()));
    }
}
