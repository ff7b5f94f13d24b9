package com.hostflow.quotes;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import com.hostflow.billing.BillingService;
import com.hostflow.billing.Money;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.StrictNumbers;

/**
 * The price of one period of a tariff with chosen add-on values, before ordering: the REST API's quote and the
 * client area's live price both come from here, and the amount itself from {@link BillingService#price} — the rule
 * that also charges the order. A client may price only the tariffs it sees (others answer 404, as in the tariff
 * list).
 */
@Service
public class PriceQuotes {

    private static final Pattern ADDON_PARAMETER = Pattern.compile("addons\\[([^\\]]+)]");

    private final BillingService billing;
    private final CatalogLookup catalog;
    private final TariffService tariffs;

    PriceQuotes(BillingService billing, CatalogLookup catalog, TariffService tariffs) {
        this.billing = billing;
        this.catalog = catalog;
        this.tariffs = tariffs;
    }

    /** One period's price; {@code addons} are every add-on's value, the missing ones at their included value. */
    public record TariffQuote(long tariffId, Period period, Map<String, Long> addons, BigDecimal amount,
            String currency) {
    }

    /**
     * @throws NotFoundException     for an unknown tariff, and for one a client may not see
     * @throws InvalidInputException naming {@code period} or {@code addons.<resource>}
     */
    public TariffQuote tariffPrice(long tariffId, Period period, Map<String, Long> addons) {
        tariffs.getVisible(tariffId);
        TariffTerms tariff = catalog.tariff(tariffId).orElseThrow(() -> new NotFoundException("tariff", tariffId));
        new FieldProblems().addIf(period == null, "period", "must not be null").throwIfAny();
        Map<String, Long> chosen = addons == null ? Map.of() : addons;
        FieldProblems problems = new FieldProblems();
        billing.addonProblems(tariffId, chosen).forEach(p -> problems.add(p.field(), p.message()));
        problems.addIf(period == Period.TRIAL && tariff.trialDays() <= 0, "period", "the tariff offers no trial");
        problems.throwIfAny();
        Map<String, Long> full = new LinkedHashMap<>();
        tariff.addons().forEach(a -> full.put(a.resource(), chosen.getOrDefault(a.resource(), a.included())));
        BigDecimal amount = period == Period.TRIAL ? Money.ZERO : billing.price(tariffId, period, full);
        return new TariffQuote(tariffId, period, full, amount,
                catalog.providerCurrency(tariff.providerId()).orElse(null));
    }

    /**
     * Add-on values from query or form parameters written {@code addons[ram]=4096}; a value that is not a whole
     * number is a problem named {@code addons.ram}, an add-on written another way ({@code addons=1},
     * {@code addons.ram=1}) one named {@code addons}: it used to be left out, and the quote priced the defaults. An
     * add-on given twice is a problem of its own name, as the API's other parameters are.
     */
    public static Map<String, Long> addonParameters(Map<String, String[]> parameters) {
        Map<String, Long> addons = new LinkedHashMap<>();
        FieldProblems problems = new FieldProblems();
        parameters.forEach((name, values) -> {
            Matcher matcher = ADDON_PARAMETER.matcher(name);
            if (!matcher.matches()) {
                problems.addIf(name.startsWith("addons"), "addons",
                        "write each add-on as addons[<resource>]=<whole number>");
                return;
            }
            if (values.length > 1) {
                // addons[ram]=3072&addons[ram]=5120 priced the first and said nothing of the second
                problems.add("addons." + matcher.group(1), "given more than once; send it once");
                return;
            }
            if (values.length == 0 || values[0] == null || values[0].isBlank()) {
                return;
            }
            // as typed: "+16", " 16" and "１６" were read as 16 (StrictNumbers)
            String value = values[0];
            try {
                addons.put(matcher.group(1), StrictNumbers.wholeNumber(value));
            } catch (NumberFormatException e) {
                // twenty digits typed into a field are a whole number, only far past any add-on's limits
                problems.add("addons." + matcher.group(1), StrictNumbers.isWholeNumber(value) ? "is out of range"
                        : StrictNumbers.WHOLE_NUMBER);
            }
        });
        problems.throwIfAny();
        return addons;
    }
}
