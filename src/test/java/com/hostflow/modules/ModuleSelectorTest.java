package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.support.IntegrationTest;

/** Selection over the installed module types, with VMmanager modules pointing at the simulator or nowhere. */
@IntegrationTest
class ModuleSelectorTest {

    @LocalServerPort
    int port;

    @Autowired
    ModuleSelector selector;

    @Test
    void triesTheLowestSortOrderFirst() {
        ProcessingModuleConfig second = vmmanager(11, 5, simulatorUrl());
        ProcessingModuleConfig first = vmmanager(12, 2, simulatorUrl());

        ModuleSelector.Selection selection = selector.select(List.of(second, first), ModuleOperation.OPEN);

        assertThat(selection.module()).contains(first);
        assertThat(selection.skipped()).isEmpty();
    }

    @Test
    void skipsAModuleWhoseConnectionCheckFails() {
        ProcessingModuleConfig unreachable = vmmanager(21, 1, "http://127.0.0.1:1/vmmanager");
        ProcessingModuleConfig working = vmmanager(22, 2, simulatorUrl());

        ModuleSelector.Selection selection = selector.select(List.of(unreachable, working), ModuleOperation.OPEN);

        assertThat(selection.module()).contains(working);
        assertThat(selection.skipped()).singleElement().asString().contains("module 21", "connection check failed");
    }

    @Test
    void skipsAModuleWhoseTypeLacksTheOperation() {
        ProcessingModuleConfig manual = manual(31, 1);
        ProcessingModuleConfig vm = vmmanager(32, 2, simulatorUrl());

        assertThat(selector.select(List.of(manual, vm), ModuleOperation.SYNC).module()).contains(vm);
        assertThat(selector.select(List.of(manual, vm), ModuleOperation.OPEN).module()).contains(manual);
    }

    @Test
    void saysClearlyWhenNoModuleCanServe() {
        ModuleSelector.Selection selection = selector.select(
                List.of(vmmanager(41, 1, "http://127.0.0.1:1/vmmanager"), manual(42, 2)), ModuleOperation.SYNC);

        assertThat(selection.found()).isFalse();
        assertThat(selection.explanation()).contains("no processing module can serve", "module 41", "module 42",
                "cannot sync");
        assertThat(selector.select(List.of(), ModuleOperation.OPEN).explanation())
                .contains("the tariff has no processing module");
    }

    @Test
    void refusesAnUnknownTariff() {
        assertThatThrownBy(() -> selector.selectForTariff(Long.MAX_VALUE, ModuleOperation.OPEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String simulatorUrl() {
        return "http://localhost:" + port + "/simulator/vmmanager6";
    }

    private static ProcessingModuleConfig vmmanager(long id, int sortOrder, String url) {
        return new ProcessingModuleConfig(id, "vmmanager6", "vds", "vm " + id, 1L, "dc", "support", sortOrder, url,
                "admin@example.com", "secret", new ProcessingModuleConfig.Settings("1", false, false),
                new ProcessingModuleConfig.Queue(false, 1, null));
    }

    private static ProcessingModuleConfig manual(long id, int sortOrder) {
        return new ProcessingModuleConfig(id, "manual", "vds", "manual " + id, null, null, "support", sortOrder, null,
                null, null, null, new ProcessingModuleConfig.Queue(false, 1, null));
    }
}
