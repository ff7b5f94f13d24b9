package com.hostflow.clients;

import java.math.BigDecimal;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.Provider;
import com.hostflow.catalog.ProviderRepository;
import com.hostflow.clients.ClientService.ClientData;

/**
 * Demo data (only with {@code hostflow.demo.enabled=true}): the client "Demo Client" of the provider "Demo Hosting"
 * (seeded by the catalog before this runs), login {@code client@example.com} / {@code client}, with an opening
 * payment of 50.00 so the demo can order at once. Safe to run on every start: the client is looked up by email and
 * the payment, made at the client's own provider, is idempotent on its external id.
 */
@Component
@Order(20)
@ConditionalOnProperty(name = "hostflow.demo.enabled", havingValue = "true")
class DemoClientSeeder implements ApplicationRunner {

    static final String EMAIL = "client@example.com";
    static final String PROVIDER = "Demo Hosting";
    static final String OPENING_PAYMENT = "demo-opening-payment";

    private static final Logger log = LoggerFactory.getLogger(DemoClientSeeder.class);

    private final ClientService clients;
    private final PaymentService payments;
    private final ProviderRepository providers;

    DemoClientSeeder(ClientService clients, PaymentService payments, ProviderRepository providers) {
        this.clients = clients;
        this.payments = payments;
        this.providers = providers;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Provider> demoProviders = providers.findByName(PROVIDER);
        if (demoProviders.isEmpty()) {
            log.warn("no provider '{}' to seed the demo client for", PROVIDER);
            return;
        }
        // names are not unique: a new demo client goes to the oldest provider of the name (the one the catalog
        // seeded), and the opening payment always to the client's own provider. Paid into whichever was listed
        // first, a second "Demo Hosting" an admin added made the repeated payment a 409 at start-up
        long providerId = demoProviders.stream().mapToLong(Provider::getId).min().orElseThrow();
        Client client = clients.ensureClient(new ClientData(EMAIL, "Demo Client", "+31200000000", providerId, "client"));
        payments.receive(client.getId(), client.getProviderId(), new BigDecimal("50.00"), OPENING_PAYMENT);
        log.info("demo client {} ({}) ready", client.getId(), EMAIL);
    }
}
