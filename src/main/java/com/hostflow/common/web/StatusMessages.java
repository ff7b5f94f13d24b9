package com.hostflow.common.web;

/** What an error status means for the caller, for answers written outside Spring MVC (no exception to explain). */
final class StatusMessages {

    private StatusMessages() {
    }

    /**
     * The webapps' API ({@code /camunda/api/...}) takes only the session of a login to Cockpit, Tasklist or Admin,
     * never HTTP Basic: its 401 means that session has ended (or there was none).
     */
    static final String WEBAPP_SESSION_ENDED = "not logged in: your session has ended (it expired, you logged out, or"
            + " your login was changed); log in again at /camunda/app/";

    /** As {@link #detail(int)}, for an answer to this path (without the context path). */
    static String detail(int status, String path) {
        if (status == 401 && path != null && path.startsWith("/camunda/")) {
            return WEBAPP_SESSION_ENDED;
        }
        return detail(status);
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: the path, query or headers contain characters or escapes that"
                    + " are not allowed (e.g. %00, %25, an encoded slash or line break) or are not valid";
            case 401 -> "log in with HTTP Basic";
            case 403 -> "you may not do this";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "no representation in an accepted media type";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "unsupported content type";
            case 431 -> "the request headers are too large";
            case 503 -> "temporarily unavailable, retry later";
            default -> status >= 500 ? "an unexpected error occurred" : "the request cannot be processed";
        };
    }

    static String title(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
