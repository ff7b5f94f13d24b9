package com.hostflow.security;

/**
 * A console or client-area form larger than Tomcat reads, refused by the CSRF check since its token was not read
 * either: a logged-in user is forwarded to {@link #PAGE}, the problem page in the area's layout, which shows the
 * request's {@link #MESSAGE}.
 */
public final class FormTooLarge {

    public static final String PAGE = "/form-too-large";
    public static final String MESSAGE = FormTooLarge.class.getName() + ".message";

    private FormTooLarge() {
    }
}
