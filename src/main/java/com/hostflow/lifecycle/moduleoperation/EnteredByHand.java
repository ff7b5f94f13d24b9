package com.hostflow.lifecycle.moduleoperation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

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
    // dotted decimal without leading zeros: "010.0.0.1" is read as octal by some tools
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // only hex digits, colons and dots, and a colon: InetAddress then parses it as a literal, never asks the DNS
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private EnteredByHand() {
    }

    /** Refuses, naming the field, what cannot be stored. */
    static void check(String externalId, String ipAddresses) {
        if (externalId != null && externalId.trim().length() > EXTERNAL_ID_LENGTH) {
            throw new BadUserRequestException(ModuleOperationProcess.EXTERNAL_ID + ": at most " + EXTERNAL_ID_LENGTH
                    + " characters, the module's id of what was set up");
        }
        List<String> addresses = ModuleOperations.splitAddresses(ipAddresses);
        // a typo stored here became the service's address that the client reads and the ipv4 count of a sync
        addresses.stream().filter(address -> !ipLiteral(address)).findFirst().ifPresent(address -> {
            throw new BadUserRequestException(ModuleOperationProcess.IP_ADDRESSES + ": '"
                    + (address.length() > 50 ? address.substring(0, 50) + "…" : address)
                    + "' is not an IPv4 or IPv6 address; separate addresses by commas or blanks");
        });
        try {
            if (JSON.writeValueAsString(addresses).length() > ADDRESSES_LENGTH) {
                throw new BadUserRequestException(ModuleOperationProcess.IP_ADDRESSES + ": " + addresses.size()
                        + " addresses take more than the " + ADDRESSES_LENGTH + " characters a service keeps");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of addresses", e);
        }
    }

    static boolean ipLiteral(String address) {
        if (IPV4.matcher(address).matches()) {
            return true;
        }
        if (address.length() > 45 || !IPV6_CHARACTERS.matcher(address).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
