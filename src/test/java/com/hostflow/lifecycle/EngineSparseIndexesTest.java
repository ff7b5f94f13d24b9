package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.lifecycle.EngineSparseIndexes.Sparse;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class EngineSparseIndexesTest {

    private static final List<String> ENGINE_SCRIPTS = List.of("engine", "history", "case.engine", "case.history");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EngineSparseIndexes sparseIndexes;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    @Test
    void eachIndexKeepsTheEnginesColumnsAndLeavesOutTheRowsWhereItsColumnIsEmpty() throws IOException {
        Map<String, String> engineColumns = engineIndexColumns();
        for (Sparse sparse : EngineSparseIndexes.INDEXES) {
            assertThat(engineColumns.get(sparse.index())).as(sparse.index() + " in the engine's create scripts")
                    .isEqualTo(sparse.columns().replace(" ", ""));
            assertThat(definition(sparse.index())).as(sparse.index())
                    .endsWith(" USING btree (" + sparse.columns() + ") WHERE (" + sparse.mostlyNull()
                            + " IS NOT NULL)");
        }
    }

    @Test
    void aStartLeavesPartialIndexesAloneAndMakesAFullOnePartial() {
        Sparse rebuilt = EngineSparseIndexes.INDEXES.get(EngineSparseIndexes.INDEXES.size() - 1);
        // as the engine's create script makes it
        jdbc.execute("drop index " + rebuilt.index());
        jdbc.execute("create index " + rebuilt.index() + " on " + rebuilt.table() + " (" + rebuilt.columns() + ")");
        Map<String, Long> before = oids();

        sparseIndexes.postProcessEngineBuild(null);

        Map<String, Long> after = oids();
        assertThat(definition(rebuilt.index())).endsWith("WHERE (" + rebuilt.mostlyNull() + " IS NOT NULL)");
        assertThat(after.get(rebuilt.index())).isNotEqualTo(before.get(rebuilt.index()));
        before.remove(rebuilt.index());
        after.remove(rebuilt.index());
        assertThat(after).isEqualTo(before);
    }

    /** A node of a rolling upgrade that reads the table meanwhile is not kept waiting: the rebuild gives up. */
    @Test
    void aRebuildThatWaitsBeyondTheLimitLeavesTheIndexWholeAndTheNextStartMakesItPartial() throws SQLException {
        Sparse busy = EngineSparseIndexes.INDEXES.get(0);
        jdbc.execute("drop index " + busy.index());
        jdbc.execute("create index " + busy.index() + " on " + busy.table() + " (" + busy.columns() + ")");
        EngineSparseIndexes limited = new EngineSparseIndexes(dataSource, Duration.ofMillis(300));

        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                // what any open transaction that read the table holds until it ends
                statement.execute("lock table " + busy.table() + " in access share mode");
            }
            limited.postProcessEngineBuild(null);
            assertThat(definition(busy.index())).as("left whole while the table is busy").doesNotContain("WHERE");
            reader.rollback();
        }

        limited.postProcessEngineBuild(null);
        assertThat(definition(busy.index())).endsWith("WHERE (" + busy.mostlyNull() + " IS NOT NULL)");
    }

    @Test
    void theEngineStillFindsRowsByTheseColumns() {
        String deployment = repository.createDeployment().name("sparse-indexes-test")
                .addModelInstance("SparseChild.bpmn", Bpmn.createExecutableProcess("SparseChild")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("Task_Wait").endEvent().done())
                .addModelInstance("SparseParent.bpmn", Bpmn.createExecutableProcess("SparseParent")
                        .camundaHistoryTimeToLive(1).startEvent().callActivity("Task_Child")
                        .calledElement("SparseChild")
                        .endEvent().done())
                .deploy().getId();
        try {
            ProcessInstance parent = runtime.startProcessInstanceByKey("SparseParent", Map.of("answer", 42));

            assertThat(runtime.createProcessInstanceQuery().superProcessInstanceId(parent.getId()).count())
                    .isEqualTo(1);
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(parent.getId()).withoutTenantId()
                    .count()).isEqualTo(1);
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(parent.getId()).tenantIdIn("acme")
                    .count()).isZero();
            assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(parent.getId())
                    .variableName("answer").singleResult().getValue()).isEqualTo(42);
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }

    private String definition(String index) {
        return jdbc.queryForObject("select pg_get_indexdef(c.oid) from pg_class c where c.relname = ?"
                + " and pg_table_is_visible(c.oid)", String.class, index);
    }

    private Map<String, Long> oids() {
        return EngineSparseIndexes.INDEXES.stream().collect(Collectors.toMap(Sparse::index, sparse -> jdbc
                .queryForObject("select c.oid::bigint from pg_class c where c.relname = ?"
                        + " and pg_table_is_visible(c.oid)", Long.class, sparse.index())));
    }

    /** Index name → its columns, from the engine's own PostgreSQL create scripts. */
    private static Map<String, String> engineIndexColumns() throws IOException {
        Pattern create = Pattern.compile("create index (\\w+) on (\\w+)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
        Map<String, String> columns = new java.util.HashMap<>();
        for (String script : ENGINE_SCRIPTS) {
            String path = "org/camunda/bpm/engine/db/create/activiti.postgres.create." + script + ".sql";
            try (InputStream in = EngineSparseIndexesTest.class.getClassLoader().getResourceAsStream(path)) {
                Matcher matcher = create.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (matcher.find()) {
                    columns.put(matcher.group(1).toLowerCase(Locale.ROOT),
                            matcher.group(3).replace(" ", "").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }
}
