package com.hostflow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.Provider;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.support.IntegrationTest;

/** The demo seeder is off in tests; run it by hand, twice, as two restarts would. */
@IntegrationTest
class DemoClientSeederTest {

    @Autowired
    ClientService clients;

    @Autowired
    PaymentService payments;

    @Autowired
    ProviderRepository providers;

    @Autowired
    TestRestTemplate http;

    @Test
    void seedsTheDemoClientWithFiftyOnceAcrossRestarts() {
        if (providers.findByName(DemoClientSeeder.PROVIDER).isEmpty()) {
            providers.save(new Provider(DemoClientSeeder.PROVIDER, "EUR"));
        }
        DemoClientSeeder seeder = new DemoClientSeeder(clients, payments, providers);

        seeder.run(null);
        seeder.run(null);

        TestRestTemplate demoClient = http.withBasicAuth("client@example.com", "client");
        JsonNode own = demoClient.getForObject("/api/v1/clients", JsonNode.class);
        assertThat(own).hasSize(1);
        assertThat(own.get(0).get("name").asText()).isEqualTo("Demo Client");
        assertThat(own.get(0).get("phone").asText()).isEqualTo("+31200000000");
        long id = own.get(0).get("id").asLong();
        JsonNode account = demoClient.getForObject("/api/v1/clients/" + id + "/account", JsonNode.class);
        assertThat(account.get("balance").asText()).isEqualTo("50.00");
        assertThat(account.get("currency").asText()).isEqualTo("EUR");
        assertThat(demoClient.getForObject("/api/v1/payments", JsonNode.class)).hasSize(1);
    }
}
