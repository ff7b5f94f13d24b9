package com.hostflow.console;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * One page of a list a page shows newest first beside others (a client's payments, its credits), with the links to
 * its older and newer rows; each link keeps the page's other parameters (the statement's months, the other list's
 * page). Without them the page showed the newest 100 (the console 50) and nothing older.
 *
 * @param older the link to the next older rows, null when there are none
 * @param newer the link to the newer rows, null on the newest
 */
public record OlderRows<T>(List<T> rows, String older, String newer) {

    /** The statement's parameter: its months before this one. */
    public static final String BEFORE = "before";
    /** A client's billing as it opens: the newest months, payments and credits. */
    public static final Map<String, Object> NEWEST = Map.of();

    /** A billing page's parameters: the statement's months and two lists' pages. */
    public static Map<String, Object> query(YearMonth before, String list, int page, String otherList,
            int otherPage) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put(BEFORE, before);
        query.put(list, page);
        query.put(otherList, otherPage);
        return query;
    }

    /**
     * @param path   the page's path
     * @param query  the page's parameters (null values are left out), among them {@code parameter}, this list's page
     * @param fetch  the list's rows: page number and size to rows
     */
    public static <T> OlderRows<T> of(String path, Map<String, Object> query, String parameter, int size,
            BiFunction<Integer, Integer, List<T>> fetch) {
        Object asked = query.get(parameter);
        int page = PageSupport.pageNumber(asked == null ? 0 : (Integer) asked);
        List<T> rows = fetch.apply(page, size);
        // one row past this page, as its own page of one: (page + 1) × size stays an int (PageNumber.MAX × 1000)
        boolean more = rows.size() == size && !fetch.apply((page + 1) * size, 1).isEmpty();
        return new OlderRows<>(rows, more ? link(path, query, parameter, page + 1) : null,
                page == 0 ? null : link(path, query, parameter, page - 1));
    }

    /**
     * The link to the page's statement months before {@code before} (null: the newest months), the lists' pages kept:
     * paging the months reset them.
     */
    public static String months(String path, Map<String, Object> query, YearMonth before) {
        return link(path, query, BEFORE, before);
    }

    private static String link(String path, Map<String, Object> query, String parameter, Object given) {
        Map<String, Object> params = new LinkedHashMap<>(query);
        params.put(parameter, given);
        // a list's first page is its link without the parameter
        params.replaceAll((name, value) -> Integer.valueOf(0).equals(value) ? null : value);
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        params.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, value);
            }
        });
        return uri.encode().build().toUriString();
    }
}
