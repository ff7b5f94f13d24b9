package com.hostflow.services;

import java.util.Optional;

/** The client's name and e-mail that a module puts on what it creates (billing keeps the clients). */
public interface ClientContacts {

    Optional<Contact> contact(long clientId);

    record Contact(String email, String name) {
    }
}
