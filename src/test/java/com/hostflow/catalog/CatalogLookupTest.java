package com.hostflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.hostflow.support.IntegrationTest;

@IntegrationTest
class CatalogLookupTest {

    @Autowired
    CatalogLookup catalog;

    @Test
    void vdsExistsOutOfTheBox() {
        ProductTypeRules vds = catalog.productType("vds").orElseThrow();

        assertThat(vds.name()).isEqualTo("VPS");
        assertThat(vds.orderPeriods()).containsExactlyInAnyOrder(Period.values());
        assertThat(vds.resources()).containsExactly("ram", "cpu", "disk", "ipv4");
        assertThat(vds.parameters()).containsExactly(
                new ProductTypeRules.ParameterRule("os", "Operating system", true, List.of()),
                new ProductTypeRules.ParameterRule("domain", "Domain", false, List.of()));
    }

    @Test
    void unknownIdsAreEmpty() {
        assertThat(catalog.productType("no-such-type")).isEmpty();
        assertThat(catalog.tariff(-1)).isEmpty();
        assertThat(catalog.processingModule(-1)).isEmpty();
        assertThat(catalog.providerCurrency(-1)).isEmpty();
    }
}
