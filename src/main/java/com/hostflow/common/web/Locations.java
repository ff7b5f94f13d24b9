package com.hostflow.common.web;

import java.net.URI;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The {@code Location} of what a request created, absolute on the address the request came to: a client that follows
 * it (a Java {@code URI} without a base cannot) finds the resource, whichever endpoint created it.
 */
public final class Locations {

    private Locations() {
    }

    /** What a POST to a collection created: the collection's address (without its query) and the new id. */
    public static URI below(Object id) {
        return ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(id).toUri();
    }

    /** {@code path} with its {@code {placeholders}} filled in, on the current request's scheme, host and port. */
    public static URI of(String path, Object... values) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).buildAndExpand(values).toUri();
    }
}
