package com.hostflow.clientarea;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.billing.AccountService.AccountBalance;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;
import com.hostflow.clients.Client;
import com.hostflow.common.time.Moments;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.console.FormErrors;
import com.hostflow.console.PageForms;
import com.hostflow.lifecycle.order.OrderStatus;
import com.hostflow.lifecycle.order.ServiceOrder;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;
import com.hostflow.lifecycle.order.ServiceOrders.PlacedOrder;
import com.hostflow.quotes.PriceQuotes;
import com.hostflow.quotes.PriceQuotes.TariffQuote;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's shop: the active tariffs of its provider, and an order form whose price the server computes live
 * (the same {@link PriceQuotes} the API's quote uses) and which says when the balance is short and until when the
 * order waits for a payment.
 */
@Controller
@RequestMapping("/my/order")
class MyOrderPages {

    /** The order form's one-time key, sent as the order's Idempotency-Key. */
    static final String ORDER_KEY = "orderKey";
    /** The order form's price as the page showed it (the live price keeps it up to date). */
    static final String SHOWN_AMOUNT = "shownAmount";

    private final TariffService tariffs;
    private final CatalogLookup catalog;
    private final PriceQuotes quotes;
    private final ServiceOrders orders;
    private final MyClient me;
    private final PageForms forms;
    private final Clock clock;
    private final int unpaidOrderDays;

    MyOrderPages(TariffService tariffs, CatalogLookup catalog, PriceQuotes quotes, ServiceOrders orders, MyClient me,
            PageForms forms, Clock clock, @Value("${hostflow.orders.unpaid-order-days:3}") int unpaidOrderDays) {
        this.tariffs = tariffs;
        this.catalog = catalog;
        this.quotes = quotes;
        this.orders = orders;
        this.me = me;
        this.forms = forms;
        this.clock = clock;
        this.unpaidOrderDays = unpaidOrderDays;
    }

    /** A tariff in the shop with the periods it can be ordered for. */
    public record Offer(TariffView tariff, ProductTypeRules productType, List<Period> periods, String currency) {

        public BigDecimal monthly() {
            return tariff.prices().get(Period.MONTH);
        }

        public boolean trial() {
            return periods.contains(Period.TRIAL);
        }
    }

    /** The live price as the order page shows it; {@code errors} name fields like the API. */
    public record LivePrice(BigDecimal amount, String currency, BigDecimal balance, BigDecimal shortBy,
            Instant payBefore, Map<String, List<String>> errors) {
    }

    @GetMapping
    String shop(Model model) {
        Client client = me.client();
        model.addAttribute("offers", tariffs.list(null, client.getProviderId(), null, true).stream()
                .map(this::offer).toList());
        model.addAttribute("account", me.account(client));
        return "my/shop";
    }

    @GetMapping("/{tariffId}")
    String orderForm(@PathVariable long tariffId, HttpServletRequest request, Model model) {
        Offer offer = offer(activeTariffOfMyProvider(tariffId));
        Period period = offer.periods().contains(Period.MONTH) ? Period.MONTH
                : offer.periods().isEmpty() ? null : offer.periods().get(0);
        Map<String, Long> addons = new LinkedHashMap<>();
        offer.tariff().addons().forEach(a -> addons.put(a.resource(), a.included()));
        return page(model, offer, period, addons, Map.of(), FormErrors.none());
    }

    /** The live price for the order form's script; also computed into the page when it is first shown. */
    @GetMapping("/{tariffId}/price")
    @ResponseBody
    ResponseEntity<LivePrice> price(@PathVariable long tariffId, @RequestParam(required = false) Period period,
            HttpServletRequest request) {
        activeTariffOfMyProvider(tariffId);
        FormErrors errors = FormErrors.none();
        TariffQuote quote = forms.run(errors, () -> quotes.tariffPrice(tariffId, period,
                PriceQuotes.addonParameters(request.getParameterMap())));
        return ResponseEntity.ok(live(quote, errors));
    }

    @PostMapping("/{tariffId}")
    String order(@PathVariable long tariffId, @RequestParam(required = false) Period period,
            HttpServletRequest request, Model model, RedirectAttributes flash) {
        Offer offer = offer(activeTariffOfMyProvider(tariffId));
        Client client = me.client();
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (name.startsWith("params[") && name.endsWith("]") && values.length > 0 && !values[0].isBlank()) {
                params.put(name.substring(7, name.length() - 1), values[0].trim());
            }
        });
        FormErrors errors = FormErrors.none();
        Map<String, Long> addons = new LinkedHashMap<>();
        try {
            addons.putAll(PriceQuotes.addonParameters(request.getParameterMap()));
        } catch (InvalidInputException e) {
            errors.add(e);
        }
        if (period == null) {
            errors.add("period", "choose a period");
        }
        // the price the page showed: the order is placed only at that price (an admin may have changed it since)
        BigDecimal shown = PageForms.shownAmount(SHOWN_AMOUNT, request.getParameter(SHOWN_AMOUNT), errors);
        // the page's one-time key: the form submitted twice (a double click, a reload) places one order
        String key = PageForms.requestKey(ORDER_KEY, request.getParameter(ORDER_KEY), errors);
        PlacedOrder placed = errors.any() ? null : forms.run(errors, () -> orders.placeOrder(
                new OrderCommand(client.getId(), tariffId, period, addons, params), key, shown));
        if (placed == null) {
            return page(model, offer, period, addons, params, errors);
        }
        ServiceOrder order = orders.order(placed.order().getId());
        if (placed.placedBefore()) {
            flash.addFlashAttribute("notice", "This order was placed already: here is its service.");
            return "redirect:/my/services/" + order.getServiceId();
        }
        boolean covered = me.account(client).balance().compareTo(order.getAmount()) >= 0;
        if (order.getStatus() == OrderStatus.AWAITING_PAYMENT && !covered) {
            flash.addFlashAttribute("alert", "Order placed. It waits for a payment of " + order.getAmount() + " "
                    + order.getCurrency() + " until " + Moments.shown(payBefore()) + ".");
        } else {
            flash.addFlashAttribute("notice", "Order placed and paid: your service is being set up.");
        }
        return "redirect:/my/services/" + order.getServiceId();
    }

    private String page(Model model, Offer offer, Period period, Map<String, Long> addons,
            Map<String, String> params, FormErrors errors) {
        FormErrors priceErrors = FormErrors.none();
        TariffQuote quote = period == null ? null
                : forms.run(priceErrors, () -> quotes.tariffPrice(offer.tariff().id(), period, addons));
        model.addAttribute("offer", offer);
        model.addAttribute("period", period);
        model.addAttribute("addons", addons);
        model.addAttribute("params", params);
        model.addAttribute("errors", errors);
        model.addAttribute("price", live(quote, priceErrors));
        model.addAttribute("orderKey", UUID.randomUUID().toString());
        return "my/order";
    }

    private LivePrice live(TariffQuote quote, FormErrors errors) {
        AccountBalance account = me.account(me.client());
        if (quote == null) {
            return new LivePrice(null, account.currency(), account.balance(), null, null, errors.asMap());
        }
        BigDecimal shortBy = quote.amount().subtract(account.balance());
        boolean isShort = shortBy.signum() > 0;
        return new LivePrice(quote.amount(), quote.currency(), account.balance(), isShort ? shortBy : null,
                isShort ? payBefore() : null, errors.asMap());
    }

    /** Until when an order placed now waits for its payment (ServiceOrderProcess's pay-before). */
    private Instant payBefore() {
        return clock.instant().plus(Duration.ofDays(unpaidOrderDays));
    }

    private TariffView activeTariffOfMyProvider(long tariffId) {
        TariffView tariff = tariffs.get(tariffId);
        if (!tariff.active() || tariff.providerId() != me.client().getProviderId()) {
            throw new com.hostflow.common.web.NotFoundException("tariff", tariffId);
        }
        return tariff;
    }

    private Offer offer(TariffView tariff) {
        ProductTypeRules rules = catalog.productType(tariff.productType()).orElseThrow();
        List<Period> periods = new ArrayList<>();
        for (Period period : Period.values()) {
            // a trial only where the client may still have one: the order would say "trial used" otherwise
            boolean offered = rules.orderPeriods().contains(period) && (period == Period.TRIAL
                    ? tariff.trialDays() > 0 && orders.trialAvailable(me.client().getId(), tariff.id())
                    : tariff.prices().containsKey(period));
            if (offered) {
                periods.add(period);
            }
        }
        return new Offer(tariff, rules, periods, catalog.providerCurrency(tariff.providerId()).orElse(""));
    }

}
