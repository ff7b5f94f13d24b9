package com.hostflow.security;

/**
 * A console or client-area form larger than Tomcat reads, refused by the CSRF check since its token was not read
 * either: it is forwarded to {@link #PAGE}, which shows the request's {@link #MESSAGE} on the problem page in the
 * area's layout, or for nobody logged in on a page in the login page's layout with a link back to the login.
 */
public final class FormTooLarge {

    public static final String PAGE = "/form-too-large";
    public static final String MESSAGE = FormTooLarge.class.getName() + ".message";

    private FormTooLarge() {
    }
}
