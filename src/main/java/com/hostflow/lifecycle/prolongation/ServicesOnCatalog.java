package com.hostflow.lifecycle.prolongation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.billing.Prices;
import com.hostflow.catalog.CatalogUsage;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.services.JsonColumns;

/**
 * Tells the catalog which live services use a tariff or module, and which of them a tariff change would leave
 * without a price for their next period (each distinct period and set of add-on values is priced once).
 */
@Component
class ServicesOnCatalog implements CatalogUsage {

    private static final String LIVE = "status not in ('DELETED', 'FAILED')";

    private final JdbcTemplate jdbc;

    ServicesOnCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Long> liveServicesOfTariff(long tariffId, int limit) {
        return jdbc.queryForList("select id from hostflow.service where tariff_id = ? and " + LIVE
                + " order by id limit ?", Long.class, tariffId, limit);
    }

    @Override
    public List<Long> liveServicesOfModule(long moduleId, int limit) {
        return jdbc.queryForList("select id from hostflow.service where processing_module_id = ? and " + LIVE
                + " order by id limit ?", Long.class, moduleId, limit);
    }

    @Override
    public boolean providerHasClients(long providerId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from hostflow.client where"
                + " provider_id = ?) or exists (select 1 from hostflow.account where provider_id = ?)", Boolean.class,
                providerId, providerId));
    }

    @Override
    public List<String> servicesUnpricedBy(TariffTerms changed, int limit) {
        List<String> unpriced = new ArrayList<>();
        // a parameter change waiting for its module may still be undone: the values it replaced count as well
        for (Map<String, Object> kind : jdbc.queryForList("select period, addons, min(id) as example, count(*) as n"
                + " from (select id, period, addons from hostflow.service where tariff_id = ? and " + LIVE
                + " union all select id, period, previous_addons from hostflow.service where tariff_id = ? and " + LIVE
                + " and previous_addons is not null) terms group by period, addons", changed.id(), changed.id())) {
            Period period = Period.valueOf((String) kind.get("period"));
            Map<String, Long> addons = JsonColumns.longMap((String) kind.get("addons"));
            String why = whyUnpriced(changed, period, addons);
            if (why != null && unpriced.size() < limit) {
                unpriced.add("service " + kind.get("example") + (((Number) kind.get("n")).longValue() > 1
                        ? " and " + (((Number) kind.get("n")).longValue() - 1) + " more like it" : "") + ": " + why);
            }
        }
        return unpriced;
    }

    private static String whyUnpriced(TariffTerms tariff, Period period, Map<String, Long> addons) {
        Period next = period == Period.TRIAL ? tariff.periodAfterTrial().orElse(null) : period;
        if (next == null || next == Period.ONE_TIME) {
            return next == null ? "a trial needs a paid period to go on with" : null;
        }
        if (!tariff.prices().containsKey(next)) {
            return "its period " + next + " would have no price";
        }
        var problems = Prices.addonProblems(tariff, addons);
        if (!problems.isEmpty()) {
            return problems.get(0).field() + " " + problems.get(0).message();
        }
        try {
            Prices.price(tariff, next, addons);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }
}
