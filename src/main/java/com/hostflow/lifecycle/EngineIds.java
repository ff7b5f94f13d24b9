package com.hostflow.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

/**
 * The engine's ids: numbers from the PostgreSQL sequence {@code hostflow.engine_id}, drawn {@value #BLOCK} at a time,
 * instead of the starter's 36-character UUIDs. An engine id sits in several columns of every runtime and history row
 * (its own, the execution's, the process instance's, the root's, the parent's, the activity instance's) and in their
 * indexes, so a 13-digit number instead of a UUID makes each row and index entry smaller (BENCHMARKS.md, ninth round).
 *
 * <p>A block is drawn on the connection of the engine command that needs the id, never on a second one. The engine's
 * own database id generator draws its blocks in a transaction of their own: a second connection while the command
 * holds its first (the shape that exhausted the pool in issue #10), and an update of one row that every node waits
 * for. A sequence hands every caller its own numbers without a lock; two threads that draw at once each keep what
 * they drew and leave a gap. Outside an engine command (the engine makes no id there today) the id is a UUID.
 *
 * <p>The application does not start when the sequence counts by anything but {@value #BLOCK}
 * ({@link #afterPropertiesSet()}).
 */
@Component
@DependsOnDatabaseInitialization
public class EngineIds implements IdGenerator, InitializingBean {

    /** The sequence's increment (V91__engine_ids.sql): one nextval owns the numbers up to the next value. */
    static final long BLOCK = 1000;
    static final String SEQUENCE = "hostflow.engine_id";

    private final AtomicReference<Block> block = new AtomicReference<>(new Block(0, 0));
    private final StrongUuidGenerator outsideCommands = new StrongUuidGenerator();
    /** Where the sequence is checked at start-up; null for an instance that skips the check. */
    private final DataSource database;

    /** The engine's: checks the sequence when the application starts, before the engine draws its first block. */
    @Autowired
    public EngineIds(DataSource database) {
        this.database = database;
    }

    /** Without the start-up check: tests' own instances, on a sequence the application's instance checked. */
    EngineIds() {
        this.database = null;
    }

    /**
     * One {@code nextval} owns the numbers up to the next value only while the sequence counts by {@link #BLOCK}: with
     * a smaller increment two draws would hand out the same ids (a larger one wastes them). Nothing else keeps
     * someone from altering the sequence, so the application refuses to start on one that counts otherwise.
     */
    @Override
    public void afterPropertiesSet() {
        if (database != null) {
            checkSequence(database);
        }
    }

    static void checkSequence(DataSource database) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select seqincrement from pg_catalog.pg_sequence where seqrelid = to_regclass(?)")) {
            statement.setString(1, SEQUENCE);
            try (ResultSet sequence = statement.executeQuery()) {
                if (!sequence.next()) {
                    throw new IllegalStateException("the sequence " + SEQUENCE + " of the engine's ids does not"
                            + " exist; migration V91__engine_ids.sql makes it");
                }
                long increment = sequence.getLong(1);
                if (increment != BLOCK) {
                    throw new IllegalStateException("the sequence " + SEQUENCE + " counts by " + increment
                            + ", but the engine's ids are drawn from it in blocks of " + BLOCK + " (one nextval a"
                            + " block), so nodes would hand out the same ids; set it back with: alter sequence "
                            + SEQUENCE + " increment by " + BLOCK);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the increment of the sequence " + SEQUENCE, e);
        }
    }

    @Override
    public String getNextId() {
        Block current = block.get();
        long id = current.next.getAndIncrement();
        if (id < current.end) {
            return Long.toString(id);
        }
        CommandContext command = Context.getCommandContext();
        if (command == null) {
            return outsideCommands.getNextId();
        }
        long start = draw(command);
        block.set(new Block(start + 1, start + BLOCK));
        return Long.toString(start);
    }

    private static long draw(CommandContext command) {
        // the command's own connection (MyBatis hands out the one bound to the transaction), not closed here
        Connection connection = command.getDbSqlSession().getSqlSession().getConnection();
        try (Statement statement = connection.createStatement();
                ResultSet next = statement.executeQuery("select nextval('" + SEQUENCE + "')")) {
            next.next();
            return next.getLong(1);
        } catch (SQLException e) {
            throw new ProcessEngineException("cannot draw engine ids from " + SEQUENCE, e);
        }
    }

    private static final class Block {

        final AtomicLong next;
        final long end;

        Block(long next, long end) {
            this.next = new AtomicLong(next);
            this.end = end;
        }
    }
}
