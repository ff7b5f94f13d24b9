package com.hostflow.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;

@Service
@Transactional
public class DataCenterService {

    static final String AUDIT_ENTITY = "datacenter";
    /** The countries the console offers (and can show again when the entry is edited). */
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final DataCenterRepository dataCenters;
    private final ProcessingModuleRepository modules;
    private final AuditLog auditLog;
    private final UnchangedWrites unchanged;

    DataCenterService(DataCenterRepository dataCenters, ProcessingModuleRepository modules, AuditLog auditLog,
            UnchangedWrites unchanged) {
        this.dataCenters = dataCenters;
        this.modules = modules;
        this.auditLog = auditLog;
        this.unchanged = unchanged;
    }

    @Transactional(readOnly = true)
    public List<DataCenterView> list() {
        return dataCenters.findAllByOrderBySortOrderAscIdAsc().stream().map(DataCenterView::of).toList();
    }

    @Transactional(readOnly = true)
    public DataCenterView get(long id) {
        return DataCenterView.of(find(id));
    }

    /**
     * The checks of a create or an update that bean validation cannot make, writing nothing: a console form refused
     * by its bean constraints shows these problems too, in one round (it showed them after the others were fixed).
     */
    public void checkInput(DataCenterForm form) {
        validate(form);
    }

    public DataCenterView create(DataCenterForm form) {
        validate(form);
        DataCenter dataCenter = new DataCenter(form.name());
        apply(dataCenter, form);
        DataCenterView created = DataCenterView.of(dataCenters.saveAndFlush(dataCenter));
        auditLog.record(AuditAction.CREATE, AUDIT_ENTITY, created.id(), null, created);
        return created;
    }

    public DataCenterView update(long id, DataCenterForm form, IfMatch ifMatch) {
        DataCenter dataCenter = lock(id);
        ifMatch.check(dataCenter.getVersion());
        validate(form);
        DataCenterView before = DataCenterView.of(dataCenter);
        apply(dataCenter, form);
        if (unchanged.dropIfUnchanged(dataCenter, before, DataCenterView.of(dataCenter))) {
            return before;
        }
        dataCenters.flush(); // raises the version now: the answer's ETag is the new one
        DataCenterView after = DataCenterView.of(dataCenter);
        auditLog.record(AuditAction.UPDATE, AUDIT_ENTITY, id, before, after);
        return after;
    }

    public void delete(long id, IfMatch ifMatch) {
        DataCenter dataCenter = lock(id);
        ifMatch.check(dataCenter.getVersion());
        if (modules.existsByDataCenter(dataCenter)) {
            throw new ConflictException("data center " + id + " is still used by processing modules");
        }
        DataCenterView before = DataCenterView.of(dataCenter);
        dataCenters.delete(dataCenter);
        dataCenters.flush();
        auditLog.record(AuditAction.DELETE, AUDIT_ENTITY, id, before, null);
    }

    private DataCenter find(long id) {
        return dataCenters.findById(id).orElseThrow(() -> new NotFoundException("data center", id));
    }

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    private DataCenter lock(long id) {
        return dataCenters.lockById(id).orElseThrow(() -> new NotFoundException("data center", id));
    }

    private static void validate(DataCenterForm form) {
        DataCenterForm.Icon icon = form.icon();
        if (icon != null) {
            boolean flag = icon.countryCode() != null && !icon.countryCode().isBlank();
            boolean image = icon.imageUrl() != null && !icon.imageUrl().isBlank();
            new FieldProblems()
                    .addIf(flag == image, "icon", "give either countryCode or imageUrl, not both or neither")
                    .addIf(flag && !COUNTRIES.contains(icon.countryCode().trim().toUpperCase(Locale.ROOT)),
                            "icon.countryCode", "is not an ISO 3166 country code (e.g. NL, DE)")
                    .addIf(image && !isImageAddress(icon.imageUrl().trim()), "icon.imageUrl",
                            "must be an http(s):// address or a path on HostFlow (/…)")
                    .throwIfAny();
        }
    }

    /**
     * An address the pages can show as an icon: a path on HostFlow, or an http(s) address with a host (what their
     * Content-Security-Policy's {@code img-src} allows); never {@code javascript:} or another scheme.
     */
    private static boolean isImageAddress(String url) {
        if (url.startsWith("/")) {
            return !url.startsWith("//");
        }
        try {
            URI uri = new URI(url);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void apply(DataCenter dataCenter, DataCenterForm form) {
        dataCenter.setName(form.name().trim());
        dataCenter.setExternalId(blankToNull(form.externalId()));
        dataCenter.setSortOrder(form.sortOrder() == null ? 0 : form.sortOrder());
        DataCenterForm.Icon icon = form.icon();
        if (icon == null) {
            dataCenter.setIcon(null, null);
        } else {
            dataCenter.setIcon(blankToNull(icon.countryCode()) == null ? null
                    : icon.countryCode().toUpperCase(Locale.ROOT), blankToNull(icon.imageUrl()));
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
