package com.hostflow.console;

import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.Versioned;

/**
 * The version of the entry an edit form was filled from, carried in a hidden field: saving the form is the REST
 * API's PUT with that If-Match, so a form read before someone else's save is refused ({@link PageForms}) rather than
 * overwriting the other change. A post without the field saves as before.
 */
public abstract class ReadVersion {

    private Long version;

    void readFrom(Versioned view) {
        version = view.version();
    }

    IfMatch ifMatch() {
        return IfMatch.of(version);
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
