package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.web.CatalogConditionalWritesTest.Kind;
import com.hostflow.catalog.web.CatalogConditionalWritesTest.Sample;
import com.hostflow.support.IntegrationTest;

/**
 * A write whose result equals what is stored keeps the entry's version: the same ETag, no audit entry, and another
 * admin's If-Match read before it still matches. A real change raises the version as before. For each catalog
 * resource, and a processing module's password sent again (it is stored with a fresh IV each time).
 */
@IntegrationTest
class UnchangedWritesTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuditLog auditLog;

    /** The audit's name of each resource's entries. */
    private static final Map<String, String> AUDIT_ENTITIES = Map.of("/datacenters", "datacenter",
            "/departments", "department", "/providers", "provider", "/processing-modules", "processing-module",
            "/product-types", "product-type", "/tariff-groups", "tariff-group", "/tariffs", "tariff",
            "/calendars", "calendar");

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = "CLIENTS", mode = EnumSource.Mode.EXCLUDE)
    void theSameBodyTwiceKeepsTheTagAndAThirdWriterWithItSucceeds(Kind kind) {
        Sample sample = kind.create(api);
        String created = sample.createdTag();
        long audited = audited(sample);

        // the body it was created with, then the body a GET answers (read-only fields and all)
        ResponseEntity<String> same = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(0), created);
        assertThat(same.getStatusCode()).as(same.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(same.getHeaders().getETag()).as("nothing changed").isEqualTo(created);
        ResponseEntity<String> read = api.admin(HttpMethod.GET, sample.address(), null);
        ResponseEntity<String> asRead = api.admin(HttpMethod.PUT, sample.address(), api.json(read), created);
        assertThat(asRead.getStatusCode()).as(asRead.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(asRead.getHeaders().getETag()).isEqualTo(created);
        assertThat(api.json(asRead)).isEqualTo(api.json(read));
        assertThat(api.admin(HttpMethod.GET, sample.address(), null).getHeaders().getETag()).isEqualTo(created);
        assertThat(audited(sample)).as("no audit entry claims a change").isEqualTo(audited);

        // another admin who read before those saves still writes; a real change gets a new tag and an audit entry
        ResponseEntity<String> third = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(1), created);
        assertThat(third.getStatusCode()).as(third.getBody()).isEqualTo(HttpStatus.OK);
        String changed = third.getHeaders().getETag();
        assertThat(changed).isNotNull().isNotEqualTo(created);
        assertThat(audited(sample)).isEqualTo(audited + 1);

        // the changed body again: still the changed tag
        ResponseEntity<String> again = api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(1), changed);
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(again.getHeaders().getETag()).isEqualTo(changed);
        assertThat(api.admin(HttpMethod.PUT, sample.address(), sample.edit().apply(0), created).getStatusCode())
                .as("the first tag is stale once something changed").isEqualTo(HttpStatus.PRECONDITION_FAILED);
    }

    /** Stored under a fresh IV on every save: the same password again is no change, another one is. */
    @Test
    void aModulesPasswordSentAgainIsNoChangeAndAnotherPasswordIs() {
        Map<String, Object> form = api.vmModuleForm(api.dataCenter(), "secret");
        ResponseEntity<String> created = api.admin(HttpMethod.POST, "/processing-modules", form, null);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        String address = "/processing-modules/" + api.json(created).get("id").asLong();
        String tag = created.getHeaders().getETag();

        ResponseEntity<String> same = api.admin(HttpMethod.PUT, address, form, tag);
        assertThat(same.getStatusCode()).as(same.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(same.getHeaders().getETag()).isEqualTo(tag);
        ResponseEntity<String> withoutPassword = api.admin(HttpMethod.PUT, address,
                with(form, "integration", Map.of("url", "http://localhost:1/simulator/vmmanager6",
                        "username", "admin@example.com")), tag);
        assertThat(withoutPassword.getHeaders().getETag()).as("a PUT without it keeps it").isEqualTo(tag);

        ResponseEntity<String> other = api.admin(HttpMethod.PUT, address, with(form, "integration",
                Map.of("url", "http://localhost:1/simulator/vmmanager6", "username", "admin@example.com",
                        "password", "another")), tag);
        assertThat(other.getStatusCode()).as(other.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(other.getHeaders().getETag()).as("a new password is a change").isNotEqualTo(tag);
    }

    private long audited(Sample sample) {
        String id = sample.address().substring(sample.address().lastIndexOf('/') + 1);
        String entity = AUDIT_ENTITIES.get(sample.address().substring(0, sample.address().lastIndexOf('/')));
        return auditLog.search(entity, null, Pageable.ofSize(500)).stream()
                .filter(entry -> entry.getEntityId().equals(id) && entry.getAction().equals("UPDATE")).count();
    }
}
