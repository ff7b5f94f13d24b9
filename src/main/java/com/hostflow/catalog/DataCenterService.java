package com.hostflow.catalog;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.NotFoundException;

@Service
@Transactional
public class DataCenterService {

    private final DataCenterRepository dataCenters;
    private final ProcessingModuleRepository modules;

    DataCenterService(DataCenterRepository dataCenters, ProcessingModuleRepository modules) {
        this.dataCenters = dataCenters;
        this.modules = modules;
    }

    @Transactional(readOnly = true)
    public List<DataCenterView> list() {
        return dataCenters.findAllByOrderBySortOrderAscIdAsc().stream().map(DataCenterView::of).toList();
    }

    @Transactional(readOnly = true)
    public DataCenterView get(long id) {
        return DataCenterView.of(find(id));
    }

    public DataCenterView create(DataCenterForm form) {
        validate(form);
        DataCenter dataCenter = new DataCenter(form.name());
        apply(dataCenter, form);
        return DataCenterView.of(dataCenters.save(dataCenter));
    }

    public DataCenterView update(long id, DataCenterForm form) {
        DataCenter dataCenter = find(id);
        validate(form);
        apply(dataCenter, form);
        return DataCenterView.of(dataCenter);
    }

    public void delete(long id) {
        DataCenter dataCenter = find(id);
        if (modules.existsByDataCenter(dataCenter)) {
            throw new ConflictException("data center " + id + " is still used by processing modules");
        }
        dataCenters.delete(dataCenter);
        dataCenters.flush();
    }

    private DataCenter find(long id) {
        return dataCenters.findById(id).orElseThrow(() -> new NotFoundException("data center", id));
    }

    private static void validate(DataCenterForm form) {
        DataCenterForm.Icon icon = form.icon();
        if (icon != null) {
            boolean flag = icon.countryCode() != null && !icon.countryCode().isBlank();
            boolean image = icon.imageUrl() != null && !icon.imageUrl().isBlank();
            new FieldProblems()
                    .addIf(flag == image, "icon", "give either countryCode or imageUrl, not both or neither")
                    .throwIfAny();
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
