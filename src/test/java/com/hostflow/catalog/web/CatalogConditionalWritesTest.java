package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static com.hostflow.catalog.web.CatalogApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

/**
 * Two admins editing the same catalog entry: every single entry answers a strong ETag, and a PUT or DELETE whose
 * If-Match names an older one is refused with 412 and writes nothing; a malformed If-Match is 400 naming the header;
 * {@code *} or no header writes as before. For each catalog resource an admin can change, and clients.
 */
@IntegrationTest
class CatalogConditionalWritesTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    /** One entry of a resource: where it lives, a valid PUT body that differs for every {@code n}, its create's tag. */
    record Sample(String address, IntFunction<Map<String, Object>> edit, String createdTag) {
    }

    enum Kind {
        DATA_CENTERS {
            @Override
            Sample create(CatalogApi api) {
                String name = unique("dc");
                return sample(api, "/datacenters", n -> Map.of("name", name + "-" + n,
                        "icon", Map.of("countryCode", "DE")));
            }
        },
        DEPARTMENTS {
            @Override
            Sample create(CatalogApi api) {
                String key = unique("dept");
                return sample(api, "/departments", n -> Map.of("name", "Dept " + n, "key", key));
            }
        },
        PROVIDERS {
            @Override
            Sample create(CatalogApi api) {
                String name = unique("provider");
                return sample(api, "/providers", n -> Map.of("name", name + "-" + n, "currency", "EUR"));
            }
        },
        PROCESSING_MODULES {
            @Override
            Sample create(CatalogApi api) {
                String name = unique("manual");
                return sample(api, "/processing-modules", n -> Map.of("productType", "vds", "moduleType", "manual",
                        "name", name + "-" + n));
            }
        },
        PRODUCT_TYPES {
            @Override
            Sample create(CatalogApi api) {
                String code = unique("hosting");
                Map<String, Object> form = ProductTypeApiTest.form(code);
                return sample(api, "/product-types", n -> with(form, "name", "Shared hosting " + n));
            }
        },
        TARIFF_GROUPS {
            @Override
            Sample create(CatalogApi api) {
                String name = unique("group");
                return sample(api, "/tariff-groups", n -> Map.of("name", name + "-" + n));
            }
        },
        TARIFFS {
            @Override
            Sample create(CatalogApi api) {
                Map<String, Object> form = api.tariffForm(api.provider(), api.tariffGroup(), api.manualModule());
                return sample(api, "/tariffs", n -> with(form, "name", form.get("name") + "-" + n));
            }
        },
        CALENDARS {
            @Override
            Sample create(CatalogApi api) {
                long provider = api.provider();
                return sample(api, "/calendars", n -> Map.of("providerId", provider, "timeZone", "UTC",
                        "weekendDays", List.of("SATURDAY", "SUNDAY"),
                        "holidays", List.of(Map.of("date", "2027-12-25", "name", "Christmas " + n))));
            }
        },
        /** Not the catalog, but edited by admins the same way (and never deleted through the API). */
        CLIENTS {
            @Override
            Sample create(CatalogApi api) {
                long provider = api.provider();
                String email = unique("etag") + "@example.com";
                return sample(api, "/clients", n -> Map.of("email", email, "name", "Jane " + n,
                        "providerId", provider));
            }

            @Override
            boolean deletable() {
                return false;
            }
        };

        abstract Sample create(CatalogApi api);

        boolean deletable() {
            return true;
        }

        private static Sample sample(CatalogApi api, String path, IntFunction<Map<String, Object>> edit) {
            ResponseEntity<String> created = api.admin(HttpMethod.POST, path, edit.apply(0), null);
            assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
            String address = created.getHeaders().getLocation().getPath().substring("/api/v1".length());
            return new Sample(address, edit, etag(created));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWriteBasedOnAnOlderReadIsRefusedAndWritesNothing(Kind kind) {
        Sample sample = kind.create(api);
        String list = sample.address().substring(0, sample.address().lastIndexOf('/'));
        ResponseEntity<String> read = api.admin(HttpMethod.GET, sample.address(), null);
        String first = etag(read);
        assertThat(first).as("a strong tag").startsWith("\"").endsWith("\"");
        assertThat(sample.createdTag()).as("the create answers the tag a GET gives").isEqualTo(first);
        assertThat(api.admin(HttpMethod.GET, list, null).getHeaders().getETag()).as("lists carry none").isNull();

        // the current tag: written, and the answer carries the new one, which a GET gives too
        ResponseEntity<String> changed = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(1), first);
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(HttpStatus.OK);
        String second = etag(changed);
        assertThat(second).isNotEqualTo(first);
        ResponseEntity<String> afterChange = api.admin(HttpMethod.GET, sample.address(), null);
        assertThat(etag(afterChange)).isEqualTo(second);

        // the older tag: 412 problem, nothing written (the same body, the same tag)
        ResponseEntity<String> stale = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(2), first);
        assertThat(stale.getStatusCode()).as(stale.getBody()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(stale.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(api.json(stale).get("detail").asText()).contains("changed since it was read");
        assertUnchanged(sample, afterChange);
        // a weak tag never matches a write (RFC 9110's strong comparison)
        assertThat(api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(2), "W/" + second)
                .getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertUnchanged(sample, afterChange);

        // a malformed header: 400 naming it, nothing written
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(3), "1")))
                .containsExactly("If-Match");
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(3),
                second + ","))).containsExactly("If-Match");
        assertUnchanged(sample, afterChange);

        // several tags: one of them current is enough
        ResponseEntity<String> either = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(4),
                first + ", " + second);
        assertThat(either.getStatusCode()).as(either.getBody()).isEqualTo(HttpStatus.OK);

        // * and no header: written as without the check
        ResponseEntity<String> any = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(5), "*");
        assertThat(any.getStatusCode()).as(any.getBody()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> none = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(6), null);
        assertThat(none.getStatusCode()).as(none.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(etag(none)).isNotEqualTo(etag(any)).isNotEqualTo(second);

        if (!kind.deletable()) {
            return;
        }
        // a DELETE too: the older tag keeps it, the current one deletes it
        ResponseEntity<String> staleDelete = api.admin(HttpMethod.DELETE, sample.address(), null, second);
        assertThat(staleDelete.getStatusCode()).as(staleDelete.getBody()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(api.errorFields(api.admin(HttpMethod.DELETE, sample.address(), null, "W/")))
                .containsExactly("If-Match");
        assertThat(api.admin(HttpMethod.GET, sample.address(), null).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> delete = api.admin(HttpMethod.DELETE, sample.address(), null, etag(none));
        assertThat(delete.getStatusCode()).as(delete.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, sample.address(), null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void ofAdminsSavingTheSameTariffAtOnceFromTheSameReadExactlyOneWins() throws Exception {
        assertExactlyOneOfEightWins(Kind.TARIFFS.create(api));
    }

    /** Saves of one client take turns too; those from one read after the first find its version gone. */
    @Test
    void ofAdminsSavingTheSameClientAtOnceFromTheSameReadExactlyOneWins() throws Exception {
        assertExactlyOneOfEightWins(Kind.CLIENTS.create(api));
    }

    /** Without If-Match, saves at once take turns as they did before versions: none is refused. */
    @Test
    void savesAtOnceWithoutIfMatchAllSucceedAsBefore() throws Exception {
        for (Kind kind : List.of(Kind.DATA_CENTERS, Kind.PROVIDERS, Kind.TARIFF_GROUPS, Kind.PROCESSING_MODULES,
                Kind.CLIENTS)) {
            Sample sample = kind.create(api);
            AtomicInteger next = new AtomicInteger(1);
            List<HttpStatus> answers = AtOnce.run(8, () -> (HttpStatus) api.admin(HttpMethod.PUT, sample.address(),
                    sample.edit().apply(next.getAndIncrement()), null).getStatusCode());

            assertThat(answers).as(kind.name()).containsOnly(HttpStatus.OK);
        }
    }

    private void assertExactlyOneOfEightWins(Sample sample) throws Exception {
        String read = etag(api.admin(HttpMethod.GET, sample.address(), null));

        AtomicInteger next = new AtomicInteger(1);
        List<HttpStatus> answers = AtOnce.run(8, () -> (HttpStatus) api.admin(HttpMethod.PUT, sample.address(),
                sample.edit().apply(next.getAndIncrement()), read).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.OK::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.PRECONDITION_FAILED::equals).hasSize(7);
    }

    /** An add-on is a row of its own; changing only one still makes the tariff's tag an older one. */
    @Test
    void aChangeOfAnAddOnOnlyMakesAnEarlierTagStale() {
        long provider = api.provider();
        Map<String, Object> form = api.tariffForm(provider, api.tariffGroup(), api.manualModule());
        String address = "/tariffs/" + api.tariff(form);
        String read = etag(api.admin(HttpMethod.GET, address, null));

        Map<String, Object> cheaperRam = with(form, "addons", List.of(Map.of("resource", "ram", "included", 2048,
                "min", 1024, "max", 16384, "step", 1024, "prices", Map.of("MONTH", "1.50"))));
        ResponseEntity<String> changed = api.admin(HttpMethod.PUT, address, cheaperRam, read);
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(HttpStatus.OK);

        assertThat(etag(changed)).isNotEqualTo(read);
        assertThat(api.admin(HttpMethod.PUT, address, with(form, "name", "other"), read).getStatusCode())
                .isEqualTo(HttpStatus.PRECONDITION_FAILED);
    }

    private void assertUnchanged(Sample sample, ResponseEntity<String> before) {
        ResponseEntity<String> now = api.admin(HttpMethod.GET, sample.address(), null);
        assertThat(api.json(now)).isEqualTo(api.json(before));
        assertThat(etag(now)).isEqualTo(etag(before));
    }

    private static String etag(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
        String tag = response.getHeaders().getETag();
        assertThat(tag).as("ETag of a single entry").isNotNull();
        return tag;
    }
}
