package com.hostflow.clients.web;

import java.time.Instant;

import com.hostflow.clients.Client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

/** A client as the API shows it; {@code loginEnabled} tells whether the client can log in (never the password). */
public record ClientResponse(long id, String email, String name, String phone, long providerId,
        boolean loginEnabled, String language, Instant createdAt, @JsonIgnore long version) implements Versioned {

    static ClientResponse of(Client client) {
        return new ClientResponse(client.getId(), client.getEmail(), client.getName(), client.getPhone(),
                client.getProviderId(), client.getLogin() != null, client.getLanguage(), client.getCreatedAt(),
                client.getVersion());
    }
}
