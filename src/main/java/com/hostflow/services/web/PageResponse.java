package com.hostflow.services.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/** One page of a list: the items, the page number (from 0), its size, and the totals. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
        return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(),
                page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
