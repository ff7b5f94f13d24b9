package com.hostflow.quotes.web;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.catalog.Period;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges.ChangeQuote;
import com.hostflow.quotes.PriceQuotes;
import com.hostflow.quotes.PriceQuotes.TariffQuote;
import com.hostflow.services.ServiceQueries;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Prices before a decision, read-only: a tariff's price for a period and add-on values (what an order would
 * charge), and the prorated amount of an add-on change of a running service (what confirming it would charge or
 * credit today). Add-on values travel as {@code addons[ram]=4096}.
 */
@RestController
@Tag(name = "Quotes")
class QuoteController {

    private final PriceQuotes quotes;
    private final ServiceQueries services;
    private final ServiceParameterChanges parameterChanges;

    QuoteController(PriceQuotes quotes, ServiceQueries services, ServiceParameterChanges parameterChanges) {
        this.quotes = quotes;
        this.services = services;
        this.parameterChanges = parameterChanges;
    }

    @GetMapping("/api/v1/tariffs/{id}/price")
    @Operation(summary = "The price of one period of a tariff with the given add-on values (missing add-ons at "
            + "their included value); clients price active tariffs only. 400 names period or addons.<resource>.")
    @Parameter(name = "addons", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = io.swagger.v3.oas.annotations.enums.Explode.TRUE,
            description = "add-on values, e.g. addons[ram]=4096",
            schema = @Schema(type = "object", additionalPropertiesSchema = Long.class))
    TariffQuote tariffPrice(@PathVariable long id, @RequestParam(required = false) Period period,
            @Parameter(hidden = true) HttpServletRequest request) {
        Map<String, Long> addons = PriceQuotes.addonParameters(request.getParameterMap());
        return quotes.tariffPrice(id, period, addons);
    }

    @GetMapping("/api/v1/services/{id}/parameters/quote")
    @Operation(summary = "The prorated amount that changing the service's add-ons to these values would charge "
            + "(positive) or credit (negative) today; nothing is written. 409 unless ACTIVE; 400 names "
            + "addons.<resource>.")
    @Parameter(name = "addons", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = io.swagger.v3.oas.annotations.enums.Explode.TRUE,
            description = "the new add-on values, e.g. addons[ram]=4096",
            schema = @Schema(type = "object", additionalPropertiesSchema = Long.class))
    ChangeQuote changeQuote(@PathVariable long id, @Parameter(hidden = true) HttpServletRequest request) {
        services.service(id);
        return parameterChanges.quoteChange(id, PriceQuotes.addonParameters(request.getParameterMap()));
    }
}
