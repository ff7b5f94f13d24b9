package com.hostflow.notifications;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.CatalogLookup.ProviderMail;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.clients.Client;
import com.hostflow.clients.ClientService;
import com.hostflow.common.time.Moments;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.services.ServiceInstance;
import com.hostflow.lifecycle.order.ServiceOrder;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.SuspensionReason;

import jakarta.persistence.EntityManager;

/**
 * The facts a mail shows, read from the database when the event happens and kept with the notification, so a mail
 * sent later still tells what was true then. Never holds a password: a "service ready" mail carries the login, the
 * panel and a link to {@code /api/v1/services/{id}/credentials}. Maps are always present (empty when the event has
 * no service or order), so templates need no null checks.
 */
@Component
class NotificationModels {

    static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = Moments.SHOWN;

    private final ClientService clients;
    private final ServiceRepository services;
    private final EntityManager entityManager;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final ServiceCredentials credentials;
    private final NotificationSettings settings;
    private final Clock clock;

    NotificationModels(ClientService clients, ServiceRepository services, EntityManager entityManager,
            CatalogLookup catalog, BillingService billing, ServiceCredentials credentials,
            NotificationSettings settings, Clock clock) {
        this.clients = clients;
        this.services = services;
        this.entityManager = entityManager;
        this.catalog = catalog;
        this.billing = billing;
        this.credentials = credentials;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whom a notification goes to and what its templates see. */
    record Built(Client client, Long serviceId, long providerId, Map<String, Object> model) {
    }

    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    Built build(NotificationRequest request) {
        Optional<ServiceInstance> service = Optional.ofNullable(request.serviceId())
                .map(id -> services.findById(id).orElseThrow(() -> new NotFoundException("service", id)));
        Optional<ServiceOrder> order = request.orderId() != null
                ? Optional.ofNullable(entityManager.find(ServiceOrder.class, request.orderId()))
                : service.flatMap(s -> latestOrder(s.getId()));
        Long clientId = request.clientId() != null ? request.clientId()
                : service.map(ServiceInstance::getClientId).orElse(order.map(ServiceOrder::getClientId).orElse(null));
        if (clientId == null) {
            throw new IllegalArgumentException("notification " + request.template()
                    + " names no client, service or order (serviceId, clientId or orderId)");
        }
        Client client = clients.client(clientId);
        long providerId = service.map(ServiceInstance::getProviderId).orElse(client.getProviderId());
        ProviderMail provider = catalog.providerMail(providerId)
                .orElse(new ProviderMail(providerId, "", "", null, null));
        String currency = provider.currency();

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", request.template());
        model.put("client", client(client));
        model.put("provider", provider(provider));
        model.put("signature", signature(provider));
        model.put("service", service.map(this::service).orElse(Map.of()));
        model.put("order", order.map(NotificationModels::order).orElse(Map.of()));
        model.put("account", account(client.getId(), providerId, currency));
        model.put("credentials", service.map(s -> credentials(s.getId())).orElse(Map.of()));
        model.put("params", params(request.params()));
        return new Built(client, service.map(ServiceInstance::getId).orElse(null), providerId, model);
    }

    private Optional<ServiceOrder> latestOrder(long serviceId) {
        return entityManager.createQuery(
                "select o from ServiceOrder o where o.serviceId = :serviceId order by o.id desc", ServiceOrder.class)
                .setParameter("serviceId", serviceId).setMaxResults(1).getResultStream().findFirst();
    }

    private static Map<String, Object> client(Client client) {
        return client(client.getId(), client.getName(), client.getEmail());
    }

    static Map<String, Object> client(long id, String name, String email) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("name", name);
        view.put("email", email);
        return view;
    }

    /** How a mail is signed: the provider's signature, else its name. */
    static String signature(ProviderMail provider) {
        return provider.mailSignature() == null ? provider.name() : provider.mailSignature();
    }

    static Map<String, Object> provider(ProviderMail provider) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", provider.id());
        view.put("name", provider.name());
        view.put("signature", provider.mailSignature());
        return view;
    }

    private Map<String, Object> service(ServiceInstance service) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", service.getId());
        view.put("tariff", catalog.recentTariff(service.getTariffId()).map(TariffTerms::name).orElse(""));
        view.put("productType", service.getProductType());
        view.put("status", service.getStatus().name());
        view.put("period", service.getPeriod().name());
        view.put("domain", service.getDomain());
        view.put("addresses", List.copyOf(service.getIpAddresses()));
        view.put("address", service.getIpAddresses().isEmpty() ? service.getDomain()
                : service.getIpAddresses().get(0));
        view.put("addons", new TreeMap<>(service.getAddons()));
        view.put("suspensionReasons", service.getSuspensionReasons().stream().map(Enum::name).sorted().toList());
        if (service.getPaidUntil() != null) {
            view.put("paidUntil", DATE.format(service.getPaidUntil()));
            long hours = Duration.between(clock.instant(), service.getPaidUntil()).toHours();
            view.put("daysLeft", Math.max(0, (hours + 23) / 24));
        }
        // a service suspended for non-payment: the day it is deleted unless it is paid (as its prolongation waits)
        catalog.productType(service.getProductType())
                .flatMap(rules -> rules.autoDeletionAt(service.getSuspensions().get(SuspensionReason.BILLING)))
                .ifPresent(at -> view.put("autoDeletionDate", DATE.format(at)));
        // why a deletion was asked for: the client's, at the end of its paid period, an admin's, or not paid for
        if (service.getDeletionReason() != null) {
            view.put("deletionReason", service.getDeletionReason().name());
            if (service.getPaidUntil() != null) {
                view.put("unpaidDays", Math.max(0, Duration.between(service.getPaidUntil(), clock.instant()).toDays()));
            }
        }
        view.put("url", settings.publicUrl() + "/api/v1/services/" + service.getId());
        return view;
    }

    private static Map<String, Object> order(ServiceOrder order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.getId());
        view.put("amount", money(order.getAmount()));
        view.put("currency", order.getCurrency());
        view.put("status", order.getStatus().name());
        view.put("createdAt", TIME.format(order.getCreatedAt()));
        return view;
    }

    private Map<String, Object> account(long clientId, long providerId, String currency) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("balance", money(billing.balance(clientId, providerId)));
        view.put("currency", currency);
        return view;
    }

    private Map<String, Object> credentials(long serviceId) {
        Map<String, Object> view = new LinkedHashMap<>();
        // a link for people: the client area page, which asks them to log in
        view.put("url", settings.publicUrl() + "/my/services/" + serviceId + "/credentials");
        credentials.loginInfo(serviceId).ifPresent(info -> {
            view.put("login", info.login());
            view.put("panelUrl", info.panelUrl());
            view.put("passwordKnown", info.passwordKnown());
        });
        return view;
    }

    /** Small values as the templates show them: instants and dates as text, numbers and words as they are. */
    static Map<String, Object> params(Map<String, Object> params) {
        Map<String, Object> view = new TreeMap<>();
        params.forEach((name, value) -> view.put(name, shown(value)));
        return view;
    }

    private static Object shown(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer) {
            return value;
        }
        if (value instanceof BigDecimal amount) {
            return money(amount);
        }
        if (value instanceof Date date) {
            return TIME.format(date.toInstant());
        }
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        return String.valueOf(value);
    }

    static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
