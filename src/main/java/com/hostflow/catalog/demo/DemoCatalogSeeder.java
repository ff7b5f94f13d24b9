package com.hostflow.catalog.demo;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.Department;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentRepository;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.LoadChoicesForm;
import com.hostflow.catalog.ModuleChoices;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffGroupForm;
import com.hostflow.catalog.TariffGroupService;
import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * The demo catalog of the default profile: data center Amsterdam, department {@code support}, provider
 * {@value #PROVIDER_NAME} in EUR, a VMmanager 6 module on the embedded simulator, tariff group VPS, tariffs VPS-1 and
 * VPS-2 with add-ons, the module's OS images as the choices of vds's {@code os} parameter, and the staff user
 * {@code support}/{@code support}. Created once, on the first start (the
 * provider's existence marks it); on every start the module's URL follows the port the server really listens on.
 * Runs at order 10, before the demo client (order 20), which looks the provider up by {@value #PROVIDER_NAME}.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "hostflow.demo.enabled", havingValue = "true")
public class DemoCatalogSeeder implements ApplicationRunner {

    public static final String PROVIDER_NAME = "Demo Hosting";
    public static final String MODULE_NAME = "VMmanager AMS KVM";
    public static final String DEPARTMENT_KEY = "support";
    public static final String STAFF_USER = "support";

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);

    private final DataCenterService dataCenters;
    private final DepartmentService departments;
    private final ProviderService providers;
    private final ProcessingModuleService modules;
    private final ProductTypeService productTypes;
    private final TariffGroupService groups;
    private final TariffService tariffs;
    private final ProviderRepository providerRows;
    private final ProcessingModuleRepository moduleRows;
    private final IdentityService identityService;
    private final StaffUserService staffUsers;
    private final TransactionTemplate transaction;
    private final Environment environment;
    private final ModuleChoices moduleChoices;
    private final DepartmentRepository departmentRows;

    DemoCatalogSeeder(DataCenterService dataCenters, DepartmentService departments, ProviderService providers,
            ProcessingModuleService modules, ProductTypeService productTypes, TariffGroupService groups,
            TariffService tariffs, ProviderRepository providerRows, ProcessingModuleRepository moduleRows,
            IdentityService identityService, StaffUserService staffUsers, TransactionTemplate transaction,
            Environment environment, ModuleChoices moduleChoices, DepartmentRepository departmentRows) {
        this.dataCenters = dataCenters;
        this.departments = departments;
        this.providers = providers;
        this.modules = modules;
        this.productTypes = productTypes;
        this.groups = groups;
        this.tariffs = tariffs;
        this.providerRows = providerRows;
        this.moduleRows = moduleRows;
        this.identityService = identityService;
        this.staffUsers = staffUsers;
        this.transaction = transaction;
        this.environment = environment;
        this.moduleChoices = moduleChoices;
        this.departmentRows = departmentRows;
    }

    /** Runners start after the web server, so the real port (also a random one) is known. */
    @Override
    public void run(ApplicationArguments args) {
        seed(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    public void seed(int serverPort) {
        String simulatorUrl = "http://localhost:" + serverPort + "/simulator/vmmanager6";
        Long created = transaction.execute(status -> {
            Long module = null;
            if (providerRows.findByName(PROVIDER_NAME).isEmpty()) {
                module = createCatalog(simulatorUrl);
                log.info("demo catalog created, processing module at {}", simulatorUrl);
            } else {
                moduleRows.findByName(MODULE_NAME).forEach(row -> row.setUrl(simulatorUrl));
            }
            createStaffUser();
            return module;
        });
        if (created != null) {
            offerModuleImages(created);
        }
    }

    /** Answers the id of the demo's processing module. */
    private long createCatalog(String simulatorUrl) {
        long amsterdam = dataCenters.create(new DataCenterForm("Amsterdam", null, 1,
                new DataCenterForm.Icon("NL", null))).id();
        // start-up made it already when a setting names it (SettingDepartmentSetup, the default)
        long support = departmentRows.findByKey(DEPARTMENT_KEY).map(Department::getId)
                .orElseGet(() -> departments.create(new DepartmentForm("Support", DEPARTMENT_KEY)).id());
        long provider = providers.create(new ProviderForm(PROVIDER_NAME, "EUR")).id();
        long module = modules.create(new ProcessingModuleForm(ProductTypeService.VDS, "vmmanager6", MODULE_NAME,
                amsterdam, support, 1,
                new ProcessingModuleForm.Integration(simulatorUrl, "admin@example.com", "secret"),
                new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(true, 2, "cluster"))).id();
        long vps = groups.create(new TariffGroupForm("VPS")).id();
        tariffs.create(tariff("VPS-1", "vps-1", provider, vps, module, 7, 1024, 1, 20480,
                prices("5.00", "14.00", "50.00", "0.20")));
        tariffs.create(tariff("VPS-2", "vps-2", provider, vps, module, 0, 2048, 2, 40960,
                prices("10.00", "28.00", "100.00", "0.40")));
        return module;
    }

    /**
     * The os parameter of vds offers the images the demo's module (the simulator) lists, loaded as an admin loads
     * them ("Load choices from"), after the catalog committed: the module is called with no transaction open. Should
     * the module not answer (a server bound to another address than localhost), the simulator's own list stands in,
     * so the demo always starts with choices: another name is refused at the order.
     */
    private void offerModuleImages(long module) {
        try {
            moduleChoices.load(ProductTypeService.VDS, new LoadChoicesForm("os", module), IfMatch.ANY);
        } catch (RuntimeException e) {
            log.warn("the demo's processing module did not list its OS images ({}): offering the simulator's",
                    e.getMessage());
            transaction.executeWithoutResult(status -> offerSimulatorImages());
        }
    }

    private void offerSimulatorImages() {
        ProductTypeView vds = productTypes.get(ProductTypeService.VDS);
        List<ProductTypeForm.Parameter> parameters = vds.parameters().stream()
                .map(p -> new ProductTypeForm.Parameter(p.code(), p.name(), p.required(),
                        p.code().equals("os") ? VmManager6Simulator.OS_NAMES : p.choices()))
                .toList();
        productTypes.update(vds.code(), ProductTypeForm.of(vds, parameters), IfMatch.of(vds.version()));
    }

    private static TariffForm tariff(String name, String template, long provider, long group, long module,
            int trialDays, long ram, long cpu, long disk, Map<Period, BigDecimal> prices) {
        List<TariffForm.Addon> addons = List.of(
                new TariffForm.Addon("ram", ram, 1024L, 16384L, 1024L, monthly("2.00")),
                new TariffForm.Addon("cpu", cpu, 1L, 8L, 1L, monthly("3.00")),
                // a disk never shrinks, so the smallest choice is what the tariff includes
                new TariffForm.Addon("disk", disk, disk, 204800L, 10240L, monthly("1.00")),
                new TariffForm.Addon("ipv4", 1L, 1L, 4L, 1L, monthly("2.50")));
        return new TariffForm(ProductTypeService.VDS, provider, group, name, true, List.of(module), template, false,
                "vps{serviceId}.example.net", prices, trialDays, addons);
    }

    private static Map<Period, BigDecimal> prices(String month, String quarter, String year, String day) {
        return Map.of(Period.MONTH, new BigDecimal(month), Period.QUARTER, new BigDecimal(quarter),
                Period.YEAR, new BigDecimal(year), Period.DAY, new BigDecimal(day));
    }

    private static Map<Period, BigDecimal> monthly(String amount) {
        return Map.of(Period.MONTH, new BigDecimal(amount));
    }

    /** support/support: staff of department support, made like any staff account (audited, validated). */
    private void createStaffUser() {
        if (identityService.createUserQuery().userId(STAFF_USER).count() > 0) {
            return;
        }
        if (identityService.createGroupQuery().groupId(DEPARTMENT_KEY).count() == 0) {
            log.warn("no department '{}' any more, so no demo staff user", DEPARTMENT_KEY);
            return;
        }
        staffUsers.create(new StaffUser(STAFF_USER, "Support", "Staff", "support@example.com",
                EnumSet.of(StaffRole.STAFF), Set.of(DEPARTMENT_KEY)), "support");
        log.info("demo staff user '{}' created", STAFF_USER);
    }
}
