package com.hostflow.catalog.web;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.BusinessCalendarForm;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.FormInputChecks;

/**
 * The catalog's own checks of a data center, product type, tariff, calendar or department form, for a body its bean
 * constraints refused (a processing module's checks depend on the entry an update changes, so they come in the next
 * round; so does a department's 409 for a taken key, and a calendar's for a provider that has one).
 */
@Component
class CatalogInputChecks implements FormInputChecks {

    private final DataCenterService dataCenters;
    private final ProductTypeService productTypes;
    private final TariffService tariffs;
    private final BusinessCalendarService calendars;
    private final DepartmentService departments;

    CatalogInputChecks(DataCenterService dataCenters, ProductTypeService productTypes, TariffService tariffs,
            BusinessCalendarService calendars, DepartmentService departments) {
        this.dataCenters = dataCenters;
        this.productTypes = productTypes;
        this.tariffs = tariffs;
        this.calendars = calendars;
        this.departments = departments;
    }

    @Override
    public void check(Object form, boolean create) {
        if (form instanceof DataCenterForm dataCenter) {
            dataCenters.checkInput(dataCenter);
        } else if (form instanceof ProductTypeForm productType) {
            if (create) {
                productTypes.checkNewInput(productType);
            } else {
                productTypes.checkInput(productType);
            }
        } else if (form instanceof TariffForm tariff) {
            tariffs.checkInput(tariff);
        } else if (form instanceof BusinessCalendarForm calendar) {
            calendars.checkInput(calendar);
        } else if (form instanceof DepartmentForm department) {
            departments.checkInput(department, create);
        }
    }
}
