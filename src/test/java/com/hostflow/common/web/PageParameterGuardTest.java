package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Form fields the pages cannot store: a NUL or an unpaired surrogate (which no UTF-8 form can carry through Tomcat,
 * but a value decoded another way might) is refused; a pair, accents and emoji pass. A field given twice is refused,
 * but for the checkbox groups.
 */
class PageParameterGuardTest {

    @Test
    void nulAndUnpairedSurrogatesAreRefusedAndAPairPasses() throws Exception {
        assertThat(refused("params[os]", "a\0b")).isTrue();
        assertThat(refused("params[os]", "a\uD800b")).isTrue();
        assertThat(refused("params[os]", "a\uDC00")).isTrue();
        assertThat(refused("params[os]", "\uD800")).isTrue();
        assertThat(refused("na\0me", "x")).isTrue();
        assertThat(refused("params[os]", "Ubuntu 😀 é")).isFalse();
        assertThat(refused("params[os]", "")).isFalse();
    }

    @Test
    void aFieldGivenTwiceIsRefusedButACheckboxGroupAndItsMarkersPass() throws Exception {
        MockHttpServletRequest twice = new MockHttpServletRequest("POST", "/console/clients/1/payments");
        twice.addParameter("amount", "10", "5");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new PageParameterGuard().doFilter(twice, response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getErrorMessage()).isEqualTo("the form field 'amount' was given more than once");

        MockHttpServletRequest group = new MockHttpServletRequest("POST", "/console/tariffs/new");
        group.addParameter("processingModuleIds", "1", "2");
        group.addParameter("_processingModuleIds", "on", "on");
        group.addParameter("orderPeriods", "MONTH", "YEAR");
        MockFilterChain passed = new MockFilterChain();
        new PageParameterGuard().doFilter(group, new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isNotNull();
    }

    private static boolean refused(String name, String value) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/my/order/1");
        request.addParameter(name, value);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new PageParameterGuard().doFilter(request, response, chain);
        if (chain.getRequest() == null) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getErrorMessage()).contains("NUL");
            return true;
        }
        return false;
    }
}
