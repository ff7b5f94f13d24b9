package com.hostflow.console;

import java.util.UUID;

/**
 * A form that creates a catalog entry (a data center, a processing module, a tariff, a product type): its page gives
 * it a one-time key in a hidden field, so the form sent twice (a double click, a reload of the POST, the Back button
 * and Save again) creates one entry ({@link com.hostflow.common.web.CreateOnce}).
 */
public abstract class NewEntryForm extends ReadVersion {

    private String formKey;

    /** A new key, for a form shown empty; a form shown again with its problems keeps the key it came with. */
    void newKey() {
        formKey = UUID.randomUUID().toString();
    }

    /**
     * The form's key for {@link com.hostflow.common.web.CreateOnce}: none when absent (created as before), and a key
     * a request could not carry is the field's problem; either way a form shown again gets a new key, where it would
     * bring the bad one back.
     */
    String key(FormErrors errors) {
        String key = PageForms.requestKey("formKey", formKey, errors);
        if (key == null) {
            newKey();
        }
        return key;
    }

    /** What a page says of a form sent again: the entry the first sending created, by name, or that it is gone. */
    static String sentBefore(String what, String name) {
        return "This form was sent before: " + (name == null ? "the " + what + " it created then was deleted since"
                : what + " " + name + " was created then") + "; nothing was added.";
    }

    public String getFormKey() {
        return formKey;
    }

    public void setFormKey(String formKey) {
        this.formKey = formKey;
    }
}
