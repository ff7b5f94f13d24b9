package com.hostflow.catalog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentRepository;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ModuleChoices;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffGroupService;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TariffView;
import com.hostflow.security.Roles;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.ProductTypeRestore;
import com.hostflow.users.StaffUserService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The test profile has no demo data, so the seeder runs here by hand, against the test database. */
@IntegrationTest
class DemoCatalogSeederTest {

    @Autowired DataCenterService dataCenters;
    @Autowired DepartmentService departments;
    @Autowired ProviderService providers;
    @Autowired ProcessingModuleService modules;
    @Autowired ProductTypeService productTypes;
    @Autowired TariffGroupService groups;
    @Autowired TariffService tariffs;
    @Autowired ProviderRepository providerRows;
    @Autowired ProcessingModuleRepository moduleRows;
    @Autowired IdentityService identityService;
    @Autowired StaffUserService staffUsers;
    @Autowired TransactionTemplate transaction;
    @Autowired Environment environment;
    @Autowired CatalogLookup catalog;
    @Autowired JdbcTemplate jdbc;
    @Autowired ModuleChoices moduleChoices;
    @Autowired DepartmentRepository departmentRows;
    @Autowired MeterRegistry meters;
    @LocalServerPort int port;

    /** First on the real port, whose simulator lists the OS images; then on another, which the module follows. */
    @Test
    void createsTheDemoCatalogOnceAndFollowsThePort() {
        DemoCatalogSeeder seeder = new DemoCatalogSeeder(dataCenters, departments, providers, modules, productTypes,
                groups, tariffs, providerRows, moduleRows, identityService, staffUsers, transaction, environment,
                moduleChoices, departmentRows);
        ProductTypeView vdsBefore = productTypes.get("vds");
        long listedBefore = osImagesListed();
        // DemoClientSeederTest gives the demo client a provider of the demo's name in the shared database, which the
        // seeder would take for an earlier start's catalog: renamed, so that this start is the first
        jdbc.update("update hostflow.provider set name = name || ' (of an earlier test)' where name = ?",
                DemoCatalogSeeder.PROVIDER_NAME);
        // ContractWalkTest's examples name a module alike in the shared database: the seeded one is the new one
        Set<Long> modulesBefore = moduleRows.findByName(DemoCatalogSeeder.MODULE_NAME).stream()
                .map(ProcessingModule::getId).collect(Collectors.toSet());
        try {
            seeder.seed(port);
            seeder.seed(18082);
            assertThat(osImagesListed()).as("the os choices were taken from the demo's module, once")
                    .isEqualTo(listedBefore + 1);
            assertDemoCatalog(modulesBefore);
        } finally {
            ProductTypeRestore.restore(productTypes, vdsBefore);
        }
    }

    private void assertDemoCatalog(Set<Long> modulesBefore) {
        assertThat(catalog.productType("vds").orElseThrow().parameters())
                .filteredOn(p -> p.code().equals("os")).singleElement()
                .satisfies(os -> assertThat(os.choices()).isEqualTo(VmManager6Simulator.OS_NAMES)
                        .containsExactly("ubuntu-24.04", "debian-12", "almalinux-9"));

        assertThat(providerRows.findByName(DemoCatalogSeeder.PROVIDER_NAME)).hasSize(1);
        long providerId = providerRows.findByName(DemoCatalogSeeder.PROVIDER_NAME).get(0).getId();
        assertThat(catalog.providerCurrency(providerId)).contains("EUR");
        assertThat(count("data_center where name = 'Amsterdam' and icon_country_code = 'NL'")).isEqualTo(1);
        assertThat(count("department where department_key = 'support' and name = 'Support'")).isEqualTo(1);
        assertThat(count("tariff_group where name = 'VPS'")).isEqualTo(1);

        List<ProcessingModule> seeded = moduleRows.findByName(DemoCatalogSeeder.MODULE_NAME).stream()
                .filter(row -> !modulesBefore.contains(row.getId())).toList();
        assertThat(seeded).as("one module seeded, on the first start only").hasSize(1);
        ProcessingModuleConfig module = catalog.processingModule(seeded.get(0).getId()).orElseThrow();
        assertThat(module.url()).isEqualTo("http://localhost:18082/simulator/vmmanager6");
        assertThat(module.moduleType()).isEqualTo("vmmanager6");
        assertThat(module.username()).isEqualTo("admin@example.com");
        assertThat(module.password()).isEqualTo("secret");
        assertThat(module.departmentKey()).isEqualTo("support");
        assertThat(module.dataCenterId()).isNotNull();
        assertThat(module.sortOrder()).isEqualTo(1);
        assertThat(module.settings()).isEqualTo(new ProcessingModuleConfig.Settings("1", false, false));
        assertThat(module.queue()).isEqualTo(new ProcessingModuleConfig.Queue(true, 2, "cluster"));

        List<TariffView> demoTariffs = tariffs.list("vds", providerId, null, null);
        assertThat(demoTariffs).extracting(TariffView::name).containsExactly("VPS-1", "VPS-2");
        TariffTerms vps1 = catalog.tariff(demoTariffs.get(0).id()).orElseThrow();
        assertThat(vps1.active()).isTrue();
        assertThat(vps1.template()).isEqualTo("vps-1");
        assertThat(vps1.trialDays()).isEqualTo(7);
        assertThat(vps1.defaultDomainTemplate()).isEqualTo("vps{serviceId}.example.net");
        assertThat(vps1.prices()).containsEntry(Period.MONTH, new BigDecimal("5.00"))
                .containsEntry(Period.QUARTER, new BigDecimal("14.00"))
                .containsEntry(Period.YEAR, new BigDecimal("50.00"))
                .containsEntry(Period.DAY, new BigDecimal("0.20"));
        assertThat(vps1.processingModuleIds()).containsExactly(module.id());
        assertThat(vps1.addon("ram").orElseThrow()).isEqualTo(new TariffTerms.AddonTerms("ram", 1024, 1024, 16384,
                1024, java.util.Map.of(Period.MONTH, new BigDecimal("2.00"))));
        assertThat(vps1.addon("cpu").orElseThrow().max()).isEqualTo(8);
        assertThat(vps1.addon("disk").orElseThrow().step()).isEqualTo(10240);
        assertThat(vps1.addon("ipv4").orElseThrow().prices()).containsEntry(Period.MONTH, new BigDecimal("2.50"));
        TariffTerms vps2 = catalog.tariff(demoTariffs.get(1).id()).orElseThrow();
        assertThat(vps2.prices()).containsEntry(Period.MONTH, new BigDecimal("10.00"))
                .containsEntry(Period.DAY, new BigDecimal("0.40"));
        assertThat(vps2.addon("ram").orElseThrow().included()).isEqualTo(2048);
        assertThat(vps2.addon("cpu").orElseThrow().included()).isEqualTo(2);
        assertThat(vps2.addon("disk").orElseThrow().included()).isEqualTo(40960);

        assertThat(identityService.checkPassword(DemoCatalogSeeder.STAFF_USER, "support")).isTrue();
        assertThat(identityService.createGroupQuery().groupMember(DemoCatalogSeeder.STAFF_USER).list())
                .extracting(g -> g.getId()).contains(Roles.STAFF_GROUP, "support");
    }

    private long osImagesListed() {
        return meters.find("hostflow.module.operation").tag("type", "vmmanager6").tag("operation", "parameter_values")
                .tag("outcome", "completed").timers().stream().mapToLong(Timer::count).sum();
    }

    private int count(String fromWhere) {
        return jdbc.queryForObject("select count(*) from hostflow." + fromWhere, Integer.class);
    }
}
