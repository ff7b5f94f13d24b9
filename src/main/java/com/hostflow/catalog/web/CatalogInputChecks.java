package com.hostflow.catalog.web;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.FormInputChecks;

/**
 * The catalog's own checks of a data center, product type or tariff form, for a body its bean constraints refused
 * (a processing module's checks depend on the entry an update changes, so they come in the next round).
 */
@Component
class CatalogInputChecks implements FormInputChecks {

    private final DataCenterService dataCenters;
    private final ProductTypeService productTypes;
    private final TariffService tariffs;

    CatalogInputChecks(DataCenterService dataCenters, ProductTypeService productTypes, TariffService tariffs) {
        this.dataCenters = dataCenters;
        this.productTypes = productTypes;
        this.tariffs = tariffs;
    }

    @Override
    public void check(Object form) {
        if (form instanceof DataCenterForm dataCenter) {
            dataCenters.checkInput(dataCenter);
        } else if (form instanceof ProductTypeForm productType) {
            // a create (POST) names its code in the body, an update (PUT) in its path
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                    && "POST".equals(request.getRequest().getMethod())) {
                productTypes.checkNewInput(productType);
            } else {
                productTypes.checkInput(productType);
            }
        } else if (form instanceof TariffForm tariff) {
            tariffs.checkInput(tariff);
        }
    }
}
