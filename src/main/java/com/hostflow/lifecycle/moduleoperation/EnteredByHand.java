package com.hostflow.lifecycle.moduleoperation;

import java.util.List;

import org.camunda.bpm.engine.BadUserRequestException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a department member enters for an operation done by hand (Skip of a failed operation, the manual module's
 * work) must fit the service's columns it goes to: a 10,000-character external id failed the completion in the
 * persistence layer, a 400 that named no field, with an ERROR and a stack trace in the log. Checked when the task
 * completes, with or without its form; the task stays open.
 */
final class EnteredByHand {

    /** {@code service.external_id}. */
    static final int EXTERNAL_ID_LENGTH = 200;
    /** {@code service.ip_addresses}, the addresses as a JSON array. */
    static final int ADDRESSES_LENGTH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnteredByHand() {
    }

    /** Refuses, naming the field, what cannot be stored. */
    static void check(String externalId, String ipAddresses) {
        if (externalId != null && externalId.trim().length() > EXTERNAL_ID_LENGTH) {
            throw new BadUserRequestException(ModuleOperationProcess.EXTERNAL_ID + ": at most " + EXTERNAL_ID_LENGTH
                    + " characters, the module's id of what was set up");
        }
        List<String> addresses = ModuleOperations.splitAddresses(ipAddresses);
        try {
            if (JSON.writeValueAsString(addresses).length() > ADDRESSES_LENGTH) {
                throw new BadUserRequestException(ModuleOperationProcess.IP_ADDRESSES + ": " + addresses.size()
                        + " addresses take more than the " + ADDRESSES_LENGTH + " characters a service keeps");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of addresses", e);
        }
    }
}
