package com.hostflow.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

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

    @Test
    void aSecondProviderOfTheSameNameListedFirstDoesNotFailTheNextStart() {
        if (providers.findByName(DemoClientSeeder.PROVIDER).isEmpty()) {
            providers.save(new Provider(DemoClientSeeder.PROVIDER, "EUR"));
        }
        new DemoClientSeeder(clients, payments, providers).run(null);
        // an admin adds another provider called "Demo Hosting", and the lookup by name lists it first (it is saved
        // under another name here: the demo catalog's test counts the providers of that name)
        Provider own = providers.findByName(DemoClientSeeder.PROVIDER).get(0);
        Provider other = providers.save(new Provider("Demo Hosting, the second", "EUR"));
        ProviderRepository byName = mock(ProviderRepository.class);
        when(byName.findByName(DemoClientSeeder.PROVIDER)).thenReturn(List.of(other, own));

        // the opening payment went to the first listed: its externalId, paid before at the client's own provider,
        // answered 409 and the start failed
        new DemoClientSeeder(clients, payments, byName).run(null);

        TestRestTemplate demoClient = http.withBasicAuth("client@example.com", "client");
        long id = demoClient.getForObject("/api/v1/clients", JsonNode.class).get(0).get("id").asLong();
        assertThat(demoClient.getForObject("/api/v1/clients/" + id + "/account", JsonNode.class).get("balance")
                .asText()).isEqualTo("50.00");
        assertThat(demoClient.getForObject("/api/v1/payments", JsonNode.class)).hasSize(1);
    }
}
