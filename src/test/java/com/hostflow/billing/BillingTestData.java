package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductType;
import com.hostflow.catalog.ProductTypeRepository;
import com.hostflow.catalog.Provider;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.catalog.TariffAddon;
import com.hostflow.catalog.TariffPlan;
import com.hostflow.catalog.TariffPlanRepository;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TrialPolicy;

/** Providers, tariffs and clients for billing's integration tests, each with unique names. */
public final class BillingTestData {

    public record TestClient(long id, String email, String password, long providerId) {
    }

    private final TestRestTemplate http;
    private final ApplicationContext context;
    private final TransactionTemplate transaction;

    public BillingTestData(TestRestTemplate http, ApplicationContext context) {
        this.http = http;
        this.context = context;
        this.transaction = context.getBean(TransactionTemplate.class);
    }

    public TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    public long provider(String currency) {
        return context.getBean(ProviderRepository.class).save(new Provider(unique("provider"), currency)).getId();
    }

    /**
     * A tariff of a new product type: MONTH 10.00, QUARTER 27.00; RAM 2048 included, 1024..16384 in steps of 1024 at
     * 2.00 a month.
     */
    public TariffTerms tariff(long providerId, boolean splitByMonth) {
        Long id = transaction.execute(status -> {
            ProductType type = new ProductType(unique("pt"), "Test type");
            type.setTrialPolicy(TrialPolicy.NONE);
            type.setSplitExpensesByMonth(splitByMonth);
            type.setClientDeletion(ClientDeletion.ALLOWED);
            type.setOnClientDelete(OnClientDelete.IMMEDIATELY);
            type.setOrderPeriods(EnumSet.allOf(Period.class));
            type.setResources(List.of(new ProductType.Resource("ram", "RAM", "MiB")));
            context.getBean(ProductTypeRepository.class).save(type);
            Provider provider = context.getBean(ProviderRepository.class).findById(providerId).orElseThrow();
            TariffPlan tariff = new TariffPlan(type, provider, unique("VPS"));
            tariff.setActive(true);
            tariff.setTrialDays(7);
            tariff.setPrices(Map.of(Period.MONTH, new BigDecimal("10.00"), Period.QUARTER, new BigDecimal("27.00")));
            tariff.replaceAddons(List.of(new TariffAddon("ram", 2048, 1024, 16384, 1024,
                    Map.of(Period.MONTH, new BigDecimal("2.00")))));
            return context.getBean(TariffPlanRepository.class).save(tariff).getId();
        });
        return context.getBean(CatalogLookup.class).tariff(id).orElseThrow();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
    public TestClient client(long providerId) {
        String email = "c" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
        ResponseEntity<JsonNode> created = admin().postForEntity("/api/v1/clients",
                Map.of("email", email, "name", "Client " + email, "phone", "+31 20 000 0000",
                        "providerId", providerId, "password", "secret-" + email),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new TestClient(created.getBody().get("id").asLong(), email, "secret-" + email, providerId);
    }

    public TestRestTemplate as(TestClient client) {
        return http.withBasicAuth(client.email(), client.password());
    }

    public void pay(TestClient client, String amount) {
        ResponseEntity<JsonNode> paid = admin().postForEntity("/api/v1/payments",
                Map.of("clientId", client.id(), "amount", amount, "externalId", "t-" + UUID.randomUUID()),
                JsonNode.class);
        assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    public String balance(TestClient client) {
        return admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class)
                .get("balance").asText();
    }
}
