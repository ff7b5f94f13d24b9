package com.hostflow.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.io.ClassPathResource;

import com.hostflow.support.AtOnce;
import com.hostflow.support.EmbeddedPostgres;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class EngineIdsTest {

    @Autowired
    ProcessEngineConfigurationImpl engine;
    @Autowired
    EngineIds ids;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    @Test
    void theEngineNamesItsRowsWithNumbersFromTheSequence() {
        String deployment = repository.createDeployment().name("engine-ids-test")
                .addModelInstance("EngineIdsTest.bpmn", Bpmn.createExecutableProcess("EngineIdsTest")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("Task_Wait").endEvent().done())
                .deploy().getId();
        try {
            String instance = runtime.startProcessInstanceByKey("EngineIdsTest").getId();

            assertThat(engine.getIdGenerator()).isSameAs(ids);
            assertThat(List.of(deployment, instance)).allMatch(id -> id.matches("\\d{13}"));
        } finally {
            repository.deleteDeployment(deployment, true);
        }
    }

    @Test
    void aBlockIsDrawnOnTheCommandsOwnConnection() {
        EngineIds fresh = new EngineIds();
        long[] lastAndDrawnHere = engine.getCommandExecutorTxRequired().execute((Command<long[]>) command -> {
            String last = null;
            // more ids than one block holds: the second draw happens in the middle of this command
            for (int i = 0; i <= EngineIds.BLOCK; i++) {
                last = fresh.getNextId();
            }
            // currval answers the last nextval of this connection (its session), whoever else drew since
            try (Statement statement = command.getDbSqlSession().getSqlSession().getConnection().createStatement();
                    ResultSet current = statement.executeQuery("select currval('" + EngineIds.SEQUENCE + "')")) {
                current.next();
                return new long[] {Long.parseLong(last), current.getLong(1)};
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(lastAndDrawnHere[0]).isEqualTo(lastAndDrawnHere[1]);
    }

    /**
     * On a database of its own (this context's sequence stays as it is, so no other test draws ids from an altered
     * one): the sequence as migration V91 makes it passes; altered to count by anything but the block, the
     * application's EngineIds refuses to start, naming the sequence and the fix; set back, it starts again.
     */
    @Test
    void theApplicationDoesNotStartOnASequenceThatCountsByAnythingButTheBlock() throws Exception {
        DataSource database = EmbeddedPostgres.newDatabase();
        String v91 = new ClassPathResource("db/migration/V91__engine_ids.sql").getContentAsString(UTF_8);
        execute(database, "create schema hostflow; set search_path to hostflow; " + v91);
        assertThatCode(() -> start(database)).doesNotThrowAnyException();

        for (long increment : new long[] {1, EngineIds.BLOCK - 1, EngineIds.BLOCK + 1}) {
            execute(database, "alter sequence " + EngineIds.SEQUENCE + " increment by " + increment);

            assertThatThrownBy(() -> start(database)).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the sequence hostflow.engine_id counts by " + increment + ",")
                    .hasMessageContaining("blocks of 1000")
                    .hasMessageContaining("alter sequence hostflow.engine_id increment by 1000");
        }
        execute(database, "alter sequence " + EngineIds.SEQUENCE + " increment by " + EngineIds.BLOCK);
        assertThatCode(() -> start(database)).doesNotThrowAnyException();

        execute(database, "drop sequence " + EngineIds.SEQUENCE);
        assertThatThrownBy(() -> start(database)).rootCause().hasMessageContaining("does not exist");
    }

    /** The application's EngineIds bean, made by Spring as the application makes it, on that database. */
    private static void start(DataSource database) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(DataSource.class, () -> database);
            context.registerBean(EngineIds.class);
            context.refresh();
        }
    }

    private static void execute(DataSource database, String sql) throws java.sql.SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void outsideAnEngineCommandTheIdIsAUuid() {
        assertThat(new EngineIds().getNextId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void threadsDrawingAtOnceNeverShareAnId() throws Exception {
        int threads = 8;
        int each = 2_500;
        EngineIds fresh = new EngineIds();
        List<List<String>> drawn = AtOnce.run(threads, () -> engine.getCommandExecutorTxRequired()
                .execute((Command<List<String>>) command -> {
                    List<String> mine = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        mine.add(fresh.getNextId());
                    }
                    return mine;
                }));

        Set<String> distinct = new HashSet<>();
        drawn.forEach(distinct::addAll);
        assertThat(distinct).hasSize(threads * each).allMatch(id -> id.matches("\\d+"));
    }
}
