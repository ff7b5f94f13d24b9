package com.hostflow.support;

import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.common.web.IfMatch;

/**
 * Puts a product type back as a test read it: the context is shared, and other tests order vds with OS names of their
 * own.
 */
public final class ProductTypeRestore {

    private ProductTypeRestore() {
    }

    public static void restore(ProductTypeService productTypes, ProductTypeView before) {
        ProductTypeView now = productTypes.get(before.code());
        productTypes.update(before.code(), ProductTypeForm.of(before, before.parameters().stream()
                .map(p -> new ProductTypeForm.Parameter(p.code(), p.name(), p.required(), p.choices())).toList()),
                IfMatch.of(now.version()));
    }
}
