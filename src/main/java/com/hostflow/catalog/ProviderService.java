package com.hostflow.catalog;

import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.mail.MailAddresses;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;

@Service
@Transactional
public class ProviderService {

    /** Funds and units of account beside a country's currency: Bolivian Mvdol, WIR, Chilean UF, ... */
    private static final Set<String> FUNDS = Set.of("BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "USS", "UYI",
            "UYW");
    /**
     * The ISO 4217 codes a provider can charge in: Java's currencies but those no client pays with, which an admin
     * could take for one: those without a fraction of their own (ISO's X-codes of metals, bond units, SDR, Sucre, ADB
     * unit, {@code XTS} for testing, {@code XXX} for "no currency") and the {@link #FUNDS}. XAF, XOF, XPF, XCD and
     * XCG are money and stay.
     */
    private static final Set<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getDefaultFractionDigits() >= 0)
            .map(Currency::getCurrencyCode)
            .filter(code -> !FUNDS.contains(code))
            .collect(Collectors.toUnmodifiableSet());
    /**
     * Currencies Java still knows but ISO 4217 withdrew (its list of historic codes): no client pays in them any more,
     * e.g. DEM, FRF and HRK went to EUR, VEF to VES.
     */
    private static final Set<String> WITHDRAWN = Set.of("ADP", "AFA", "ATS", "AYM", "AZM", "BEF", "BGL", "BYB", "BYR",
            "CSD", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GHC", "GRD", "GWP", "HRK", "IEP", "ITL", "LTL", "LUF",
            "LVL", "MGF", "MRO", "MTL", "MZM", "NLG", "PTE", "ROL", "RUR", "SDD", "SIT", "SKK", "SRG", "STD", "TMM",
            "TPE", "TRL", "VEB", "VEF", "YUM", "ZMK", "ZWD", "ZWN", "ZWR");
    /**
     * The most decimals a currency may have: amounts are stored with 2 (numeric(19,2)), so a currency of 3 (BHD, IQD,
     * JOD, KWD, LYD, OMR, TND) could not be charged to its smallest unit, and a price of 1.234 would be refused.
     */
    private static final int MAX_DECIMALS = 2;

    static final String AUDIT_ENTITY = "provider";

    private final ProviderRepository providers;
    private final TariffPlanRepository tariffs;
    private final BusinessCalendarRepository calendars;
    private final CatalogUsage usage;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;

    ProviderService(ProviderRepository providers, TariffPlanRepository tariffs, BusinessCalendarRepository calendars,
            CatalogUsage usage, AuditLog auditLog, UnchangedWrites unchanged) {
        this.providers = providers;
        this.tariffs = tariffs;
        this.calendars = calendars;
        this.usage = usage;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
    }

    @Transactional(readOnly = true)
    public List<ProviderView> list() {
        return providers.findAllByOrderByIdAsc().stream().map(ProviderView::of).toList();
    }

    @Transactional(readOnly = true)
    public ProviderView get(long id) {
        return ProviderView.of(find(id));
    }

    public ProviderView create(ProviderForm form) {
        String currency = validCurrency(form, null);
        Provider provider = new Provider(form.name().trim(), currency);
        provider.setMail(blankToNull(form.mailFrom()), blankToNull(form.mailSignature()));
        ProviderView created = ProviderView.of(providers.saveAndFlush(provider));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public ProviderView update(long id, ProviderForm form, IfMatch ifMatch) {
        Provider provider = lock(id);
        ifMatch.check(provider.getVersion());
        String currency = validCurrency(form, provider.getCurrency());
        if (!currency.equals(provider.getCurrency()) && tariffs.existsByProvider(provider)) {
            throw new ConflictException("the currency of provider " + id + " cannot change while it has tariffs");
        }
        if (!currency.equals(provider.getCurrency()) && usage.providerHasClients(id)) {
            // its clients' accounts hold their money in the old currency, and the new tariffs would charge them
            throw new ConflictException("the currency of provider " + id + " cannot change while it has clients"
                    + " (their accounts are in " + provider.getCurrency() + ")");
        }
        ProviderView before = ProviderView.of(provider);
        provider.setName(form.name().trim());
        provider.setCurrency(currency);
        provider.setMail(blankToNull(form.mailFrom()), blankToNull(form.mailSignature()));
        if (unchanged.dropIfUnchanged(provider, before, ProviderView.of(provider))) {
            return before;
        }
        providers.flush(); // raises the version now: the answer's ETag is the new one
        ProviderView after = ProviderView.of(provider);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        Provider provider = lock(id);
        ifMatch.check(provider.getVersion());
        if (tariffs.existsByProvider(provider)) {
            throw new ConflictException("provider " + id + " still has tariffs");
        }
        // said before the calendar's key on the provider (V103) refuses it; without either it was left behind
        calendars.findByProviderId(id).ifPresent(calendar -> {
            throw new ConflictException("provider " + id + " has a business calendar (" + calendar.getId()
                    + "); delete it first");
        });
        if (usage.providerHasClients(id)) {
            throw new ConflictException("provider " + id + " still has clients");
        }
        ProviderView before = ProviderView.of(provider);
        providers.delete(provider);
        providers.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    private Provider find(long id) {
        return providers.findById(id).orElseThrow(() -> new NotFoundException("provider", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private Provider lock(long id) {
        return providers.lockById(id).orElseThrow(() -> new NotFoundException("provider", id));
    }

    /**
     * Checks the whole form (currency, mail From) and answers the currency in upper case. A provider's {@code current}
     * currency (null for a new one) stays acceptable: one taken before a currency was refused can still be renamed.
     */
    private static String validCurrency(ProviderForm form, String current) {
        String currency = form.currency().trim().toUpperCase(Locale.ROOT);
        boolean known = currency.matches("[A-Z]{3}") && ISO_CURRENCIES.contains(currency);
        boolean kept = currency.equals(current);
        boolean newlyChosen = known && !kept;
        boolean withdrawn = newlyChosen && WITHDRAWN.contains(currency);
        int decimals = newlyChosen ? Currency.getInstance(currency).getDefaultFractionDigits() : 0;
        new FieldProblems()
                .addIf(!known && !kept, "currency",
                        "must be a 3-letter ISO 4217 code of a currency clients pay in, e.g. EUR (not a fund,"
                                + " a metal, XTS or XXX)")
                .addIf(withdrawn, "currency", "must be a currency in use: " + currency + " was withdrawn")
                .addIf(newlyChosen && !withdrawn && decimals > MAX_DECIMALS, "currency",
                        "must have at most " + MAX_DECIMALS + " decimals, as amounts are kept: " + currency + " has "
                                + decimals)
                .addIf(blankToNull(form.mailFrom()) != null && !MailAddresses.isValid(form.mailFrom()), "mailFrom",
                        "must be an e-mail address, optionally with a name: Demo Hosting <billing@example.com>")
                .throwIfAny();
        return currency;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
