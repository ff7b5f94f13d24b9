package com.hostflow.common.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages' counterpart of {@link NulQueryGuard} and the API's NUL-free strings: a form field or query parameter of
 * the console or the client area with a NUL character or an unpaired UTF-16 surrogate is refused with a 400 before
 * any controller runs. PostgreSQL cannot store a NUL in text, so such a value would otherwise fail long after the
 * form was accepted (an order paid, its service stuck in PROCESSING).
 *
 * <p>A field given more than once is refused too: Spring binds the values of a single-valued field joined by commas,
 * so {@code amount=10&amount=5} became "10,5" and, the comma read as a decimal point, a payment of 10.50. Only the
 * pages' checkbox groups and Spring's checkbox markers ({@code _name}) come several times from a browser.
 */
public class PageParameterGuard extends OncePerRequestFilter {

    static final String MESSAGE = "form fields must not contain NUL characters or unpaired surrogates";
    static final String REPEATED = " was given more than once";

    /** The checkbox groups of the pages (a tariff's modules, a product type's order periods). */
    private static final Set<String> MULTI_VALUED = Set.of("processingModuleIds", "orderPeriods");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (!storable(parameter.getKey())) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
                return;
            }
            if (parameter.getValue().length > 1 && !multiValued(parameter.getKey())) {
                String name = parameter.getKey().length() <= 100 ? "the form field '" + parameter.getKey() + "'"
                        : "a form field";
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, name + REPEATED);
                return;
            }
            for (String value : parameter.getValue()) {
                if (!storable(value)) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean multiValued(String name) {
        return MULTI_VALUED.contains(name) || name.startsWith("_") && !name.equals("_csrf");
    }

    /** No NUL and no surrogate without its partner. */
    static boolean storable(String text) {
        return StorableText.problem(text) == null;
    }
}
