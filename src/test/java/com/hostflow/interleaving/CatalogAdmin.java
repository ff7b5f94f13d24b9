package com.hostflow.interleaving;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.catalog.Period;
import com.hostflow.interleaving.Api.Answer;

/**
 * An admin's writes to the scenarios' catalog, as the console or a script would send them (read, change, write back),
 * and what the scenario learned from them: every version of each tariff's prices that was answered 200, so that
 * {@link Invariants} can tell whether a charge is the price of one version, and the product type's rules in force.
 * Each scenario starts from the catalog as {@link InterleavingCatalog} made it ({@link #reset}). Safe to call from the
 * thread of a racing write beside the scenario's own.
 */
final class CatalogAdmin {

    /** A tariff's prices in one version: the period's own price, and the RAM add-on's price per step. */
    record PriceVersion(Map<Period, BigDecimal> base, Map<Period, BigDecimal> ramStep) {
    }

    private final Api api;
    private final InterleavingCatalog catalog;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, List<PriceVersion>> versions = new LinkedHashMap<>();
    private Scenario.Policy policy;
    private final List<String> broken = new ArrayList<>();

    CatalogAdmin(Api api, InterleavingCatalog catalog, Scenario.Policy policy) {
        this.api = api;
        this.catalog = catalog;
        this.policy = policy;
    }

    /** The catalog as it was made, and the scenario's product-type rules; answers what was written. */
    void reset() {
        for (InterleavingCatalog.Tariff tariff : catalog.tariffs()) {
            JsonNode written = api.put(Api.ADMIN, "/api/v1/tariffs/" + tariff.id(), tariff.form()).required();
            remember(tariff.id(), written);
        }
        for (InterleavingCatalog.Module module : List.of(catalog.vm(), catalog.manual())) {
            api.put(Api.ADMIN, "/api/v1/processing-modules/" + module.id(), module.form()).required();
        }
        InterleavingCatalog.applyPolicy(api, policy);
    }

    synchronized Scenario.Policy policy() {
        return policy;
    }

    /** {@code alone}: no other event is sent at the same moment (a racing write's partner may be a write too). */
    String apply(Event.CatalogWrite write, boolean alone) {
        if (write instanceof Event.ChangeTariffPrices change) {
            return changePrices(change, alone);
        } else if (write instanceof Event.SetTariffActive active) {
            return setActive(active);
        } else if (write instanceof Event.ChangeModuleQueue queue) {
            return changeQueue(queue);
        } else if (write instanceof Event.RewriteModulePassword) {
            return rewritePassword();
        } else if (write instanceof Event.ChangeProductType change) {
            Answer answer = InterleavingCatalog.putPolicy(api, change.policy());
            if (answer.ok()) {
                synchronized (this) {
                    policy = change.policy();
                }
            }
            return answer.toString();
        }
        throw new IllegalArgumentException("unknown catalog write " + write);
    }

    private InterleavingCatalog.Tariff tariff(int position) {
        return catalog.tariffs().get(position % catalog.tariffs().size());
    }

    private String changePrices(Event.ChangeTariffPrices change, boolean alone) {
        InterleavingCatalog.Tariff tariff = tariff(change.tariff());
        String path = "/api/v1/tariffs/" + tariff.id();
        Answer read = api.get(Api.ADMIN, path);
        ObjectNode form = form(read.required());
        ObjectNode prices = json.createObjectNode();
        form.get("prices").fields().forEachRemaining(price -> {
            if (change.drop() == null || !change.drop().name().equals(price.getKey())) {
                prices.put(price.getKey(), scaled(price.getValue(), change.percent()));
            }
        });
        form.set("prices", prices);
        for (JsonNode addon : form.get("addons")) {
            ObjectNode addonPrices = json.createObjectNode();
            addon.get("prices").fields().forEachRemaining(price -> addonPrices.put(price.getKey(),
                    scaled(price.getValue(), change.percent())));
            ((ObjectNode) addon).set("prices", addonPrices);
        }
        String ifMatch = switch (change.ifMatch()) {
            case NONE -> null;
            case CURRENT -> read.etag();
            // the version before the one just read: another admin's write came in between
            case STALE -> "\"" + (Long.parseLong(read.etag().replace("\"", "")) - 1) + "\"";
        };
        Answer written = api.call(Api.ADMIN, HttpMethod.PUT, path, form, ifMatch);
        if (written.ok()) {
            remember(tariff.id(), written.body());
        }
        if (change.ifMatch() == Event.IfMatch.STALE && written.status() != 412) {
            broken("catalog: a change of tariff " + tariff.id() + " with a stale If-Match was answered " + written);
        }
        if (!written.ok() && alone) {
            // alone, a refused change leaves the tariff as it was read: nothing half-written
            Answer after = api.get(Api.ADMIN, path);
            if (!read.required().equals(after.required()) || !read.etag().equals(after.etag())) {
                broken("catalog: tariff " + tariff.id() + " changed although its change was refused (" + written
                        + "): " + read.body() + " " + read.etag() + " became " + after.body() + " " + after.etag());
            }
        }
        return written.toString();
    }

    private synchronized void broken(String violation) {
        broken.add(violation);
    }

    /** What the admin's writes met that they must not: taken by the run as broken invariants. */
    synchronized List<String> takeBroken() {
        List<String> taken = List.copyOf(broken);
        broken.clear();
        return taken;
    }

    private String setActive(Event.SetTariffActive change) {
        InterleavingCatalog.Tariff tariff = tariff(change.tariff());
        String path = "/api/v1/tariffs/" + tariff.id();
        Answer read = api.get(Api.ADMIN, path);
        ObjectNode form = form(read.required());
        form.put("active", change.active());
        // as the console does: the change applies to the version it showed
        Answer written = api.call(Api.ADMIN, HttpMethod.PUT, path, form, read.etag());
        if (written.ok()) {
            remember(tariff.id(), written.body());
        }
        return written.toString();
    }

    private String changeQueue(Event.ChangeModuleQueue change) {
        InterleavingCatalog.Module module = change.manual() ? catalog.manual() : catalog.vm();
        Map<String, Object> form = new LinkedHashMap<>(module.form());
        form.put("queue", change.runInQueue() ? Map.of("runInQueue", true, "queues", change.queues())
                : Map.of("runInQueue", false));
        return api.put(Api.ADMIN, "/api/v1/processing-modules/" + module.id(), form).toString();
    }

    private String rewritePassword() {
        String path = "/api/v1/processing-modules/" + catalog.vm().id();
        Map<String, Object> form = new LinkedHashMap<>(catalog.vm().form());
        // the queue as it is now: only the password is entered again
        form.put("queue", json.convertValue(api.get(Api.ADMIN, path).required().get("queue"), Map.class));
        return api.put(Api.ADMIN, path, form).toString();
    }

    /** The form of a tariff as its GET answered it. */
    private ObjectNode form(JsonNode view) {
        ObjectNode form = view.deepCopy();
        form.remove("id");
        return form;
    }

    private static String scaled(JsonNode price, int percent) {
        return new BigDecimal(price.asText()).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP).toPlainString();
    }

    private synchronized void remember(long tariffId, JsonNode view) {
        Map<Period, BigDecimal> base = prices(view.get("prices"));
        Map<Period, BigDecimal> ramStep = new EnumMap<>(Period.class);
        for (JsonNode addon : view.get("addons")) {
            if ("ram".equals(addon.get("resource").asText())) {
                ramStep.putAll(prices(addon.get("prices")));
            }
        }
        versions.computeIfAbsent(tariffId, id -> new ArrayList<>()).add(new PriceVersion(base, ramStep));
    }

    private static Map<Period, BigDecimal> prices(JsonNode node) {
        Map<Period, BigDecimal> prices = new EnumMap<>(Period.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> price = it.next();
            prices.put(Period.valueOf(price.getKey()), new BigDecimal(price.getValue().asText()));
        }
        return prices;
    }

    /**
     * What one whole period of the tariff costs in any version this scenario answered 200 (the one it started with
     * included), for any period and any of the RAM values given: a charge for a period must be one of these.
     */
    synchronized Set<BigDecimal> periodPrices(long tariffId, Set<Long> rams) {
        Set<BigDecimal> amounts = new HashSet<>();
        for (PriceVersion version : versions.getOrDefault(tariffId, List.of())) {
            version.base().forEach((period, base) -> {
                BigDecimal step = stepPrice(version, period);
                for (long ram : rams) {
                    long steps = Math.max(0, (ram - InterleavingCatalog.RAM_INCLUDED) / InterleavingCatalog.RAM_STEP);
                    if (steps == 0) {
                        amounts.add(base.setScale(2, RoundingMode.HALF_UP));
                    } else if (step != null) {
                        amounts.add(base.add(step.multiply(BigDecimal.valueOf(steps))).setScale(2,
                                RoundingMode.HALF_UP));
                    }
                }
            });
        }
        return amounts;
    }

    /** As billing's Prices: the add-on's own price for the period, else its MONTH price times the months. */
    private static BigDecimal stepPrice(PriceVersion version, Period period) {
        BigDecimal own = version.ramStep().get(period);
        if (own != null) {
            return own;
        }
        BigDecimal monthly = version.ramStep().get(Period.MONTH);
        int months = switch (period) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case HALF_YEAR -> 6;
            case YEAR -> 12;
            default -> 0;
        };
        return monthly == null || months == 0 ? null : monthly.multiply(BigDecimal.valueOf(months));
    }
}
