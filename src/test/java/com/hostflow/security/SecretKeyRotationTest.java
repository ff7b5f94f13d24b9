package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.support.IntegrationTest;

/**
 * The start-up re-encryption of a key rotation, on the real tables: a password stored under the previous key is
 * re-encrypted with the current one; one under an unknown key is left alone with a warning.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretKeyRotationTest {

    private static final String PREVIOUS_KEY = Base64.getEncoder().encodeToString(
            "previous-key-of-thirty-two-bytes".getBytes());
    private static final String LOST_KEY = Base64.getEncoder().encodeToString(new byte[16]);

    @Autowired
    TestRestTemplate http;

    @Autowired
    ProcessingModuleRepository modules;

    @Autowired
    SecretCipher cipher;

    @Autowired
    CatalogLookup catalog;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Value("${hostflow.secret-key}")
    String currentKey;

    @Test
    void reencryptsPasswordsStoredUnderAPreviousKey(CapturedOutput output) {
        String password = "rotate-me-" + UUID.randomUUID();
        long rotated = moduleWithPassword(new SecretCipher(PREVIOUS_KEY).encrypt(password));
        String alreadyCurrent = cipher.encrypt("current-" + UUID.randomUUID());
        long untouched = moduleWithPassword(alreadyCurrent);

        int count = new SecretKeyRotation(modules, new SecretCipher(currentKey, PREVIOUS_KEY), transactionManager)
                .reencryptStoredSecrets();

        assertThat(count).isGreaterThanOrEqualTo(1);
        String stored = storedPassword(rotated);
        assertThat(cipher.isUnderCurrentKey(stored)).isTrue();
        assertThat(cipher.decrypt(stored)).isEqualTo(password);
        assertThat(catalog.processingModule(rotated).orElseThrow().password()).isEqualTo(password);
        assertThat(storedPassword(untouched)).isEqualTo(alreadyCurrent);
        assertThat(output.getAll()).contains("re-encrypted the password of processing module " + rotated)
                .doesNotContain(password);
    }

    @Test
    void leavesAPasswordUnderAnUnknownKeyAloneAndSaysWhich(CapturedOutput output) {
        String password = "lost-" + UUID.randomUUID();
        String underLostKey = new SecretCipher(LOST_KEY).encrypt(password);
        long lost = moduleWithPassword(underLostKey);
        try {
            new SecretKeyRotation(modules, new SecretCipher(currentKey, PREVIOUS_KEY), transactionManager)
                    .reencryptStoredSecrets();

            assertThat(storedPassword(lost)).isEqualTo(underLostKey);
            assertThat(output.getAll()).contains("processing module " + lost + " cannot be decrypted")
                    .doesNotContain(password);
        } finally {
            // other tests read every module's password
            new TransactionTemplate(transactionManager).executeWithoutResult(status -> modules.findById(lost)
                    .orElseThrow().setPasswordEncrypted(cipher.encrypt(password)));
        }
    }

    /**
     * A password under none of the configured keys, checked from the API (or the console) before an admin enters it
     * again: the check answers that it cannot be decrypted and what to set, as its other failures are answered; it
     * was a 500 "an unexpected error occurred" with the reason only in the log.
     */
    @Test
    void aConnectionCheckOfAPasswordUnderAnUnknownKeySaysItCannotBeDecrypted() {
        String password = "lost-" + UUID.randomUUID();
        long lost = moduleWithPassword(new SecretCipher(LOST_KEY).encrypt(password));
        try {
            var answer = http.withBasicAuth("demo", "demo").postForEntity(
                    "/api/v1/processing-modules/" + lost + "/check-connection", null, String.class);

            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
            var check = SecurityFixtures.json(answer);
            assertThat(check.get("ok").asBoolean()).isFalse();
            assertThat(check.get("message").asText()).contains("cannot be decrypted", "hostflow.secret-key",
                    "hostflow.previous-secret-keys", "enter the password again").doesNotContain(password);
        } finally {
            new TransactionTemplate(transactionManager).executeWithoutResult(status -> modules.findById(lost)
                    .orElseThrow().setPasswordEncrypted(cipher.encrypt(password)));
        }
    }

    /** Two nodes restarted with the new key at once: the one whose commit meets the other's change runs again. */
    @Test
    void aModuleChangedMeanwhileByAnotherNodesRotationRunsItAgain() {
        String password = "rotate-me-" + UUID.randomUUID();
        long rotated = moduleWithPassword(new SecretCipher(PREVIOUS_KEY).encrypt(password));
        SecretCipher rotating = new SecretCipher(currentKey, PREVIOUS_KEY);
        AtomicBoolean firstRun = new AtomicBoolean(true);
        // asked after the modules, in the rotation's open transaction: the other node re-encrypts and commits now
        EncryptedSecrets otherNode = new EncryptedSecrets() {
            @Override
            public int reencryptUnderCurrentKey(SecretCipher ignored) {
                if (firstRun.getAndSet(false)) {
                    CompletableFuture.runAsync(() -> new TransactionTemplate(transactionManager)
                            .executeWithoutResult(status -> {
                                ProcessingModule module = modules.findById(rotated).orElseThrow();
                                module.setPasswordEncrypted(rotating.reencrypt(module.getPasswordEncrypted()));
                            })).join();
                }
                return 0;
            }
        };

        new SecretKeyRotation(modules, rotating, transactionManager, List.of(otherNode)).reencryptStoredSecrets();

        assertThat(firstRun).isFalse();
        assertThat(cipher.isUnderCurrentKey(storedPassword(rotated))).isTrue();
        assertThat(cipher.decrypt(storedPassword(rotated))).isEqualTo(password);
    }

    private long moduleWithPassword(String encrypted) {
        long id = SecurityFixtures.json(http.withBasicAuth("demo", "demo").exchange("/api/v1/processing-modules",
                HttpMethod.POST, new HttpEntity<>(Map.of("productType", "vds",
                        "moduleType", "manual", "name", "rotation-" + UUID.randomUUID())), String.class))
                .get("id").asLong();
        new TransactionTemplate(transactionManager).executeWithoutResult(
                status -> modules.findById(id).orElseThrow().setPasswordEncrypted(encrypted));
        return id;
    }

    private String storedPassword(long id) {
        return new TransactionTemplate(transactionManager).execute(
                status -> modules.findById(id).map(ProcessingModule::getPasswordEncrypted).orElseThrow());
    }
}
