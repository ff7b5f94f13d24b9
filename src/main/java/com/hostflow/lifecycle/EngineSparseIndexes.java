package com.hostflow.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns the engine's indexes on columns HostFlow leaves empty (tenants, CMMN cases, batches, byte arrays, error
 * details, restarts, task variables, sub process instances) into partial indexes of the rows that fill them. A
 * b-tree index keeps an entry for every row, NULL or not: each variable the engine writes got nine index entries, six
 * of them for NULLs, and every runtime row leaves its entries behind as dead space until a vacuum (BENCHMARKS.md,
 * ninth round). A partial index {@code WHERE column IS NOT NULL} under the same name serves the engine's lookups by
 * value ({@code column = ?} implies the condition); a query for {@code IS NULL} reads another index or the table.
 * Left whole on purpose: {@code act_idx_variable_task_name_type} (task id, name, type), the only index that finds a
 * process variable by name ({@code TASK_ID_ is null and NAME_ = ?}, searches by variable value).
 *
 * <p>Runs after the engine created or checked its schema, while this node holds {@link EngineStartLock}; an index
 * already partial is left alone, so a restart does nothing. The first start on an existing database rebuilds these
 * indexes once, each in the transaction that drops it: the table is locked, reads included, until its index is
 * built (a rolling upgrade's older nodes wait on it meanwhile), so each rebuild is given up after
 * {@code hostflow.engine.index-rebuild-limit} (10 s; {@code PT0S}: no limit).
 */
@Component
class EngineSparseIndexes extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(EngineSparseIndexes.class);

    /** One of the engine's indexes, its columns as the engine's create script has them, and the column mostly NULL. */
    record Sparse(String index, String table, String columns, String mostlyNull) {

        Sparse(String index, String table, String column) {
            this(index, table, column, column);
        }

        String create() {
            return "create index " + index + " on " + table + " (" + columns + ") where " + mostlyNull
                    + " is not null";
        }
    }

    static final List<Sparse> INDEXES = List.of(
            new Sparse("act_idx_exec_tenant_id", "act_ru_execution", "tenant_id_"),
            new Sparse("act_idx_exe_super", "act_ru_execution", "super_exec_"),
            new Sparse("act_idx_variable_task_id", "act_ru_variable", "task_id_"),
            new Sparse("act_idx_variable_tenant_id", "act_ru_variable", "tenant_id_"),
            new Sparse("act_idx_var_bytearray", "act_ru_variable", "bytearray_id_"),
            new Sparse("act_idx_batch_id", "act_ru_variable", "batch_id_"),
            new Sparse("act_idx_var_case_exe", "act_ru_variable", "case_execution_id_"),
            new Sparse("act_idx_var_case_inst_id", "act_ru_variable", "case_inst_id_"),
            new Sparse("act_idx_ext_task_tenant_id", "act_ru_ext_task", "tenant_id_"),
            new Sparse("act_idx_ext_task_err_details", "act_ru_ext_task", "error_details_id_"),
            new Sparse("act_idx_event_subscr_tenant_id", "act_ru_event_subscr", "tenant_id_"),
            new Sparse("act_idx_job_tenant_id", "act_ru_job", "tenant_id_"),
            new Sparse("act_idx_job_exception", "act_ru_job", "exception_stack_id_"),
            new Sparse("act_idx_hi_pro_inst_tenant_id", "act_hi_procinst", "tenant_id_"),
            new Sparse("act_idx_hi_pro_rst_pro_inst_id", "act_hi_procinst", "restarted_proc_inst_id_"),
            new Sparse("act_idx_hi_var_inst_tenant_id", "act_hi_varinst", "tenant_id_"),
            new Sparse("act_idx_hi_casevar_case_inst", "act_hi_varinst", "case_inst_id_"),
            new Sparse("act_idx_hi_varinst_bytear", "act_hi_varinst", "bytearray_id_"));

    /** PostgreSQL's "lock not available" (lock_timeout) and "query canceled" (statement_timeout). */
    private static final Set<String> GAVE_UP = Set.of("55P03", "57014");

    private final DataSource dataSource;
    private final Duration limit;

    EngineSparseIndexes(DataSource dataSource,
            @Value("${hostflow.engine.index-rebuild-limit:PT10S}") Duration limit) {
        this.dataSource = dataSource;
        this.limit = limit;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int rebuilt = 0;
            for (Sparse sparse : INDEXES) {
                if (needsRebuild(connection, sparse) && rebuild(connection, sparse)) {
                    rebuilt++;
                }
            }
            connection.commit();
            if (rebuilt > 0) {
                log.info("{} of the engine's indexes now leave out the rows whose column is empty", rebuilt);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the engine's indexes partial", e);
        }
    }

    /**
     * Drops and creates the index in one transaction, given up (rolled back, the index whole as before) when its
     * table's lock or the build takes longer than the limit: the table stays locked, reads included, while the
     * index builds, and other nodes of a rolling upgrade must not wait for a large history table meanwhile. A whole
     * index only costs space; the next start tries again.
     */
    private boolean rebuild(Connection connection, Sparse sparse) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!limit.isZero()) {
                statement.execute("set local lock_timeout = " + limit.toMillis());
                statement.execute("set local statement_timeout = " + limit.toMillis());
            }
            statement.execute("drop index " + sparse.index());
            statement.execute(sparse.create());
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            if (e.getSQLState() == null || !GAVE_UP.contains(e.getSQLState())) {
                throw e;
            }
            log.warn("left {} as the engine made it: its table was busy or large beyond {} ({}); the next start tries"
                    + " again, or run in a quiet hour: drop index {}; {}", sparse.index(), limit, e.getSQLState(),
                    sparse.index(), sparse.create());
            return false;
        }
    }

    /** The index exists (in the schema the engine's tables are in) and still covers every row. */
    private static boolean needsRebuild(Connection connection, Sparse sparse) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select i.indpred is null from pg_index i"
                + " join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid"
                + " where c.relname = ? and t.relname = ? and pg_table_is_visible(t.oid)")) {
            statement.setString(1, sparse.index());
            statement.setString(2, sparse.table());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
