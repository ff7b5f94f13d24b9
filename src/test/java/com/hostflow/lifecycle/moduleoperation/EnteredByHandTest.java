package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.BadUserRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The addresses a department member types for a service must be IP addresses: they are what the client reads. */
class EnteredByHandTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.10", "2001:db8::1", "::1", "::",
        "fe80::1:2:3:4", "2001:DB8:0:0:8:800:200C:417A", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8"})
    void anIpv4OrIpv6LiteralIsAnAddress(String address) {
        assertThat(EnteredByHand.ipLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "10.0.0.256", "10.0.0", "10.0.0.1.2", "010.0.0.1", "10.0.0.1/24",
        "10.0.0.1:22", "[2001:db8::1]", "fe80::1%eth0", "1::2::3", "1:2:3:4:5:6:7:8:9", "2001:db8::g", "example.com",
        "localhost", "0x0a.0.0.1", "１０.0.0.1", ".::1", "::ffff:1.2.3.4.5", "ab:cd:ef:gh"})
    void anythingElseIsNot(String address) {
        assertThat(EnteredByHand.ipLiteral(address)).isFalse();
    }

    @Test
    void aListIsCheckedAddressByAddressNamingTheFieldAndTheWrongOne() {
        assertThatCode(() -> EnteredByHand.check("vm-1", "10.0.0.1, 2001:db8::1 192.0.2.7")).doesNotThrowAnyException();
        assertThatCode(() -> EnteredByHand.check("vm-1", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EnteredByHand.check("vm-1", "10.0.0.1, 10.0.0.300"))
                .isInstanceOf(BadUserRequestException.class)
                .hasMessageStartingWith("ipAddresses: '10.0.0.300' is not an IPv4 or IPv6 address");
    }
}
