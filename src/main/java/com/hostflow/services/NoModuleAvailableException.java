package com.hostflow.services;

/** None of the tariff's processing modules can open the service (none configured, or none exists any more). */
public class NoModuleAvailableException extends RuntimeException {

    public NoModuleAvailableException(String message) {
        super(message);
    }
}
