package com.hostflow.common.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code If-Match} header of a write (RFC 9110 13.1.1): the entity tags the client read, compared strongly with
 * the version of the row the write loaded, in the write's own transaction ({@link #check}). Absent or {@code *}
 * matches any version, so clients that send no header write as before. Controllers take it as a parameter
 * ({@link VersionTags} resolves it, 400 naming the header when it is malformed) and hand it to the service.
 */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    /** No precondition: the header was absent or {@code *}. */
    public static final IfMatch ANY = new IfMatch(null);

    // one entity tag: an optional weak prefix and a quoted string of the characters RFC 9110 allows
    private static final Pattern ENTITY_TAG =
            Pattern.compile("\\s*((?:W/)?\"[\\x21\\x23-\\x7e\\x80-\\xff]*\")\\s*(,|$)");

    /** The strong tags the client named (weak ones never match a write); null = any. */
    private final List<String> tags;

    private IfMatch(List<String> tags) {
        this.tags = tags;
    }

    /** The version a form was filled from, as a precondition of its save (null: none, as a form without it). */
    public static IfMatch of(Long version) {
        return version == null ? ANY : new IfMatch(List.of(tagOf(version)));
    }

    /** The header's values as sent (null or empty = absent); malformed → 400 naming the header. */
    public static IfMatch parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return ANY;
        }
        String joined = String.join(",", values).trim();
        if (joined.equals("*")) {
            return ANY;
        }
        List<String> tags = new ArrayList<>();
        Matcher matcher = ENTITY_TAG.matcher(joined);
        int at = 0;
        while (at < joined.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw malformed(joined);
            }
            tags.add(matcher.group(1));
            at = matcher.end();
            if (matcher.group(2).equals(",") && at == joined.length()) {
                throw malformed(joined);
            }
        }
        if (tags.isEmpty()) {
            throw malformed(joined);
        }
        return new IfMatch(List.copyOf(tags));
    }

    private static InvalidInputException malformed(String value) {
        return new InvalidInputException(HEADER, "'" + ProblemText.echo(value) + "' is not a list of entity tags"
                + " (e.g. \"3\", as the ETag header of a GET gave it) or *");
    }

    /** The strong entity tag of a row's version, as {@code ETag} sends it. */
    public static String tagOf(long version) {
        return "\"" + version + "\"";
    }

    /** Throws 412 unless the current version is one the client named; call after loading the row to write. */
    public void check(long currentVersion) {
        if (tags != null && !tags.contains(tagOf(currentVersion))) {
            // the tags as sent, cut like other quoted input: a 6000-character header made a 12 KB answer
            throw new PreconditionFailedException("the resource changed since it was read (If-Match "
                    + ProblemText.echo(String.join(", ", tags)) + ", now " + tagOf(currentVersion) + "); read it again and"
                    + " redo the change");
        }
    }
}
