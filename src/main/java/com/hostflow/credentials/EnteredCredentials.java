package com.hostflow.credentials;

import java.util.List;
import java.util.Set;

/**
 * The form fields with which a department member enters the credentials of a service done by hand (the manual
 * module's task). Their values pass through the engine only inside the transaction that completes the task: the
 * listener {@link StoreEnteredCredentialsListener} moves them to the store and removes them, and
 * {@link SecretVariablesHistoryFilter} keeps the passwords out of the engine's history.
 */
public final class EnteredCredentials {

    public static final String LOGIN = "credentialLogin";
    public static final String PASSWORD = "credentialPassword";
    public static final String ROOT_PASSWORD = "credentialRootPassword";
    public static final String PANEL_URL = "credentialPanelUrl";

    /** Every field, in the order of {@code ServiceCredentials.recordByHand}. */
    public static final List<String> FIELDS = List.of(LOGIN, PASSWORD, ROOT_PASSWORD, PANEL_URL);
    /** The fields whose values are secrets. */
    public static final Set<String> SECRET = Set.of(PASSWORD, ROOT_PASSWORD);

    private EnteredCredentials() {
    }
}
