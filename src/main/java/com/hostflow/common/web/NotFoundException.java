package com.hostflow.common.web;

/**
 * An id that does not exist, or that the caller may not know exists: answered 404. The id is quoted cut like other
 * input ({@link ProblemText#echo}): a 6000-character path id made a 12 KB answer.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String entity, Object id) {
        super(entity + " " + ProblemText.echo(id) + " not found");
    }

    /** Something missing that no id names, said in a whole sentence. */
    protected NotFoundException(String message) {
        super(message);
    }
}
