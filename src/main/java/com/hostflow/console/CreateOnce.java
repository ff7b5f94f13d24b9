package com.hostflow.console;

import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;

/**
 * Creates a catalog entry once per form key ({@link NewEntryForm}): the key is recorded with the entry's id in the
 * transaction that creates it, as an {@code Idempotency-Key} is ({@link RequestKeys}, under client id 0: catalog
 * entries belong to no client). The same form sent again waits for the first to commit and creates nothing; sent
 * again with other values it is refused ({@link PageForms#SENT_BEFORE}). A form without a key creates as before.
 */
@Component
class CreateOnce {

    /** The request keys' client of catalog entries, which belong to none (client ids start at 1). */
    static final long CATALOG = 0;

    private final RequestKeys keys;
    private final TransactionTemplate transactions;

    CreateOnce(RequestKeys keys, PlatformTransactionManager transactionManager) {
        this.keys = keys;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The entry created now, or the one the key's earlier request created ({@code before}; {@code entry} null when
     * it was deleted since), and its id.
     */
    record Created<R>(R entry, boolean before, long id) {
    }

    /** What a page says of a form sent again: the entry the first sending created, by name, or that it is gone. */
    static String sentBefore(String what, String name) {
        return "This form was sent before: " + (name == null ? "the " + what + " it created then was deleted since"
                : what + " " + name + " was created then") + "; nothing was added.";
    }

    /**
     * @param kind    what the form creates ({@code data-center}, {@code module}, {@code tariff})
     * @param request the form's values as text, without secrets: the same values give the same text
     * @param read    the entry of an earlier request's id
     */
    <R> Created<R> create(String key, String kind, String request, Supplier<R> create, ToLongFunction<R> id,
            LongFunction<R> read) {
        if (key == null) {
            R created = create.get();
            return new Created<>(created, false, id.applyAsLong(created));
        }
        Created<R> made = transactions.execute(status -> {
            Long earlier = keys.madeBefore(CATALOG, key, kind, request).orElse(null);
            if (earlier != null) {
                return new Created<R>(null, true, earlier);
            }
            R created = create.get();
            keys.record(CATALOG, key, kind, request, id.applyAsLong(created));
            return new Created<>(created, false, id.applyAsLong(created));
        });
        if (!made.before()) {
            return made;
        }
        // read after the key's transaction: a read that finds nothing would have marked it for rollback
        try {
            return new Created<>(read.apply(made.id()), true, made.id());
        } catch (NotFoundException deletedSince) {
            return made;
        }
    }
}
