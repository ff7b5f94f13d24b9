package com.hostflow.services;

import java.util.Optional;

/** The client's name, e-mail and phone: what a module puts on what it creates, where a code is sent. */
public interface ClientContacts {

    Optional<Contact> contact(long clientId);

    record Contact(String email, String name, String phone) {
    }
}
