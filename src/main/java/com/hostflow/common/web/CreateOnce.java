package com.hostflow.common.web;

import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates an entry of the catalog or the admin's (a tariff, a client, a user, ...) once per key: an API create's
 * {@code Idempotency-Key} ({@link CreateKey}), a console form's one-time key. The key is recorded with the entry's id
 * in the transaction that creates it, as an order's is ({@link RequestKeys}, under client id 0: these entries belong
 * to no client, and the key is the caller's own). The same request sent again waits for the first to commit and
 * creates nothing; sent again with another request it is refused ({@link KeyUsedForAnotherRequest}, 409). A refused
 * create rolls its key back with it, so the request may be corrected and sent again under its key. Without a key it
 * creates as before.
 */
@Component
public class CreateOnce {

    /** The request keys' client of created entries, which belong to none (client ids start at 1). */
    public static final long CATALOG = 0;

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
    public record Created<R>(R entry, boolean before, long id) {
    }

    /**
     * @param kind    what the request creates ({@code data-center}, {@code module}, {@code tariff}, {@code client})
     * @param request the request's values as text, without secrets: the same values give the same text
     * @param read    the entry of an earlier request's id
     */
    public <R> Created<R> create(String key, String kind, String request, Supplier<R> create, ToLongFunction<R> id,
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

    /**
     * An API create's answer: 201 with the entry and its {@code Location} (below the collection the request was sent
     * to), or, for the same request sent again under its key, 200 with the entry the first one created and the same
     * {@code Location}, as an order sent again answers. An entry deleted since is 409: the key's request was carried
     * out, and creating it again needs a new key.
     */
    public <R> ResponseEntity<R> answer(CreateKey key, String kind, String request, Supplier<R> create,
            ToLongFunction<R> id, LongFunction<R> read) {
        return answer(key, kind, request, create, id, read, entry -> id.applyAsLong(entry));
    }

    /**
     * {@link #answer(CreateKey, String, String, Supplier, ToLongFunction, LongFunction)} for an entry the request
     * names for good (a user's name, a product type's code), which has no id to record: the key records 0, and a
     * request sent again reads the entry by the name it gives.
     */
    public <R> ResponseEntity<R> answerNamed(CreateKey key, String kind, String request, Supplier<R> create,
            Function<R, String> name, Supplier<R> readByName) {
        return answer(key, kind, request, create, entry -> 0, unused -> readByName.get(), name::apply);
    }

    private <R> ResponseEntity<R> answer(CreateKey key, String kind, String request, Supplier<R> create,
            ToLongFunction<R> id, LongFunction<R> read, Function<R, Object> locationId) {
        Created<R> created = create(key.value(), kind, request, create, id, read);
        if (!created.before()) {
            return ResponseEntity.created(Locations.below(locationId.apply(created.entry()))).body(created.entry());
        }
        if (created.entry() == null) {
            throw new ConflictException(IdempotencyKeyHeader.NAME + " " + key.value() + " created a "
                    + kind.replace('-', ' ') + " before, which was deleted since; use a new key to create it again");
        }
        return ResponseEntity.ok().location(Locations.below(locationId.apply(created.entry()))).body(created.entry());
    }
}
