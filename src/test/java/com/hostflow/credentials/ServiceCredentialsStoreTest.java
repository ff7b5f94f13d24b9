package com.hostflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.ProcessingModuleRepository;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleOutcome.Credentials;
import com.hostflow.security.SecretCipher;
import com.hostflow.security.SecretKeyRotation;
import com.hostflow.support.IntegrationTest;

/**
 * The credentials store on the real table: what a pending operation chose waits until that operation completes (a
 * refused or other operation never puts it in force), an existing panel account takes its password from the client's
 * other service, values are AES-GCM ciphertext at rest, and a key rotation re-encrypts them.
 */
@IntegrationTest
class ServiceCredentialsStoreTest {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(7_000_000);
    private static final String PREVIOUS_KEY = Base64.getEncoder().encodeToString(
            "previous-key-of-thirty-two-bytes".getBytes());

    @Autowired
    ServiceCredentials credentials;

    @Autowired
    ServiceCredentialRepository store;

    @Autowired
    SecretCipher cipher;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    ProcessingModuleRepository modules;

    @Value("${hostflow.secret-key}")
    String currentKey;

    @Test
    void whatAPendingOperationChoseIsInForceOnlyOnceThatOperationCompletes() {
        long service = SERVICE_IDS.incrementAndGet();
        Credentials created = new Credentials("eve@example.com", "panel-pw-1", "root-pw-1", "https://vm.example",
                false);

        answer(service, "open-1", new ModuleOutcome.Pending("17:1@host_create", created));
        assertThat(row(service).getLogin()).isNull();
        answer(service, "other-op", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(row(service).getLogin()).isNull();
        answer(service, "open-1", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));

        ServiceCredential confirmed = row(service);
        assertThat(confirmed.getLogin()).isEqualTo("eve@example.com");
        assertThat(confirmed.getPanelUrl()).isEqualTo("https://vm.example");
        assertThat(cipher.decrypt(confirmed.getPasswordEncrypted())).isEqualTo("panel-pw-1");
        assertThat(cipher.decrypt(confirmed.getRootPasswordEncrypted())).isEqualTo("root-pw-1");
        assertThat(confirmed.getPendingEncrypted()).isNull();

        // a password change the module refuses leaves the working password in force
        answer(service, "reset-1", new ModuleOutcome.Pending("17:2@", Credentials.rootPassword("root-pw-2")));
        answer(service, "reset-1", new ModuleOutcome.Rejected("Err_HostNotFound", "gone"));
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo("root-pw-1");
        assertThat(row(service).getPendingEncrypted()).isNull();
        answer(service, "reset-2", new ModuleOutcome.Pending("17:3@", Credentials.rootPassword("root-pw-3")));
        answer(service, "reset-2", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo("root-pw-3");
        assertThat(cipher.decrypt(row(service).getPasswordEncrypted())).isEqualTo("panel-pw-1");

        // at rest there is only ciphertext
        String raw = jdbc.queryForMap("select * from hostflow.service_credentials where service_id = ?", service)
                .toString();
        assertThat(raw).doesNotContain("panel-pw-1", "root-pw-1", "root-pw-3");
    }

    @Test
    void aPendingAnswerAndTheLookThatFoundItDoneInOneTransactionPutTheCredentialsInForce() {
        long service = SERVICE_IDS.incrementAndGet();
        Credentials created = new Credentials("ann@example.com", "panel-pw-9", "root-pw-9", "https://vm.example",
                false);

        // what ModuleOperations.finish does after a look at once: the call's answer, then the look's, one transaction
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            credentials.fromModule(service, 42, "open-9", new ModuleOutcome.Pending("17:9@host_create", created));
            credentials.fromModule(service, 42, "open-9", new ModuleOutcome.Completed(
                    ModuleOutcome.ExternalData.none()));
        });

        ServiceCredential confirmed = row(service);
        assertThat(confirmed.getLogin()).isEqualTo("ann@example.com");
        assertThat(cipher.decrypt(confirmed.getRootPasswordEncrypted())).isEqualTo("root-pw-9");
        assertThat(confirmed.getPendingEncrypted()).isNull();
    }

    @Test
    void anAccountThatExistedTakesItsPasswordFromTheClientsOtherServiceOnThatPanel() {
        long first = SERVICE_IDS.incrementAndGet();
        long second = SERVICE_IDS.incrementAndGet();
        long elsewhere = SERVICE_IDS.incrementAndGet();
        answer(first, "open-a", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(),
                new Credentials("max@example.com", "shared-pw", "root-a", "https://vm.example", false)));

        answer(second, "open-b", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(),
                new Credentials("max@example.com", null, "root-b", "https://vm.example", true)));
        answer(elsewhere, "open-c", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(),
                new Credentials("max@example.com", null, "root-c", "https://other-panel.example", true)));

        assertThat(cipher.decrypt(row(second).getPasswordEncrypted())).isEqualTo("shared-pw");
        assertThat(cipher.decrypt(row(second).getRootPasswordEncrypted())).isEqualTo("root-b");
        assertThat(row(elsewhere).getPasswordEncrypted()).isNull();
        assertThat(credentials.loginInfo(elsewhere)).hasValueSatisfying(info -> {
            assertThat(info.login()).isEqualTo("max@example.com");
            assertThat(info.passwordKnown()).isTrue();
        });
    }

    @Test
    void anExistingAccountsPasswordIsFoundWhenTheCallAndTheLookAnswerInOneTransaction() {
        long first = SERVICE_IDS.incrementAndGet();
        long second = SERVICE_IDS.incrementAndGet();
        answer(first, "open-d", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(),
                new Credentials("eve@example.com", "eve-pw", "root-d", "https://vm.example", false)));
        Credentials reused = new Credentials("eve@example.com", null, "root-e", "https://vm.example", true);

        // the second service's row is new and unwritten when the look's answer searches its siblings
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            credentials.fromModule(second, 42, "open-e", new ModuleOutcome.Pending("17:9@host_create", reused));
            credentials.fromModule(second, 42, "open-e", new ModuleOutcome.Completed(
                    ModuleOutcome.ExternalData.none()));
        });

        ServiceCredential row = row(second);
        assertThat(cipher.decrypt(row.getPasswordEncrypted())).isEqualTo("eve-pw");
        assertThat(cipher.decrypt(row.getRootPasswordEncrypted())).isEqualTo("root-e");
        assertThat(row.getPendingEncrypted()).isNull();
    }

    @Test
    void anOperationsRootPasswordIsChosenOnceAndStoredBeforeTheCall() {
        long service = SERVICE_IDS.incrementAndGet();
        String chosen = rootPasswordFor(service, "open-w");

        // stored before any answer, as the operation's pending credentials, and only as ciphertext
        assertThat(row(service).getRootPasswordEncrypted()).isNull();
        assertThat(jdbc.queryForObject("select pending_operation_key from hostflow.service_credentials"
                + " where service_id = ?", String.class, service)).isEqualTo("open-w");
        assertThat(jdbc.queryForMap("select * from hostflow.service_credentials where service_id = ?", service)
                .toString()).doesNotContain(chosen);
        // a retry of the operation (after a crash, a lost answer) gets the same one; another operation a new one
        assertThat(rootPasswordFor(service, "open-w")).isEqualTo(chosen);
        String other = rootPasswordFor(service, "reset-w");
        assertThat(other).isNotEqualTo(chosen).hasSize(20);

        // the module's pending answer keeps it; completing the operation puts it in force
        String again = rootPasswordFor(service, "open-w2");
        answer(service, "open-w2", new ModuleOutcome.Pending("17:4@host_create",
                new Credentials("wal@example.com", "panel-w", again, "https://vm.example", false)));
        assertThat(rootPasswordFor(service, "open-w2")).isEqualTo(again);
        answer(service, "open-w2", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo(again);
        assertThat(cipher.decrypt(row(service).getPasswordEncrypted())).isEqualTo("panel-w");
        assertThat(row(service).getPendingEncrypted()).isNull();
    }

    @Test
    void anAccountPasswordChosenAheadIsPutInForceOnlyByAnAnswerThatUsedIt() {
        long service = SERVICE_IDS.incrementAndGet();
        ServiceCredentials.ChosenPasswords chosen = chooseAhead(service, "open-a", true);
        assertThat(chosen.accountPassword()).hasSize(20).isNotEqualTo(chosen.rootPassword());
        assertThat(chosen.toString()).doesNotContain(chosen.accountPassword(), chosen.rootPassword());
        assertThat(jdbc.queryForMap("select * from hostflow.service_credentials where service_id = ?", service)
                .toString()).doesNotContain(chosen.accountPassword());
        assertThat(chooseAhead(service, "open-a", true)).isEqualTo(chosen);

        // the account existed before (another service's): the answer says so, and a poll that makes the host again
        // still offers the password chosen for the operation
        answer(service, "open-a", new ModuleOutcome.Pending("17:6@host_create",
                new Credentials("abe@example.com", null, chosen.rootPassword(), "https://vm.example", true)));
        assertThat(chooseAhead(service, "open-a", true)).isEqualTo(chosen);
        answer(service, "open-a", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(row(service).getPasswordEncrypted()).isNull();
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo(chosen.rootPassword());
        assertThat(row(service).getPendingEncrypted()).isNull();

        // the operation made the account with it: its answer says so, and completing puts it in force
        long made = SERVICE_IDS.incrementAndGet();
        ServiceCredentials.ChosenPasswords used = chooseAhead(made, "open-m", true);
        answer(made, "open-m", new ModuleOutcome.Pending("17:7@host_create", new Credentials("max@example.com",
                used.accountPassword(), used.rootPassword(), "https://vm.example", false)));
        answer(made, "open-m", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(cipher.decrypt(row(made).getPasswordEncrypted())).isEqualTo(used.accountPassword());
    }

    @Test
    void pendingCredentialsHeldBeforeAccountPasswordsWereChosenAheadAreStillRead() {
        long service = SERVICE_IDS.incrementAndGet();
        chooseAhead(service, "open-x", false);
        // what a node of the previous version held for an open in flight: the answer's credentials alone
        jdbc.update("update hostflow.service_credentials set pending_operation_key = 'open-old', pending_encrypted = ?"
                + " where service_id = ?", cipher.encrypt("{\"login\":\"old@example.com\",\"password\":null,"
                        + "\"rootPassword\":\"root-old\",\"panelUrl\":\"https://vm.example\","
                        + "\"accountExisted\":false}"), service);

        ServiceCredentials.ChosenPasswords chosen = chooseAhead(service, "open-old", true);

        assertThat(chosen.rootPassword()).isEqualTo("root-old");
        assertThat(chosen.accountPassword()).hasSize(20);
        answer(service, "open-old", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));
        assertThat(row(service).getLogin()).isEqualTo("old@example.com");
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo("root-old");
        assertThat(row(service).getPasswordEncrypted()).isNull();
    }

    @Test
    void aRootPasswordChosenForAnOperationThatHeldOtherCredentialsKeepsThem() {
        long service = SERVICE_IDS.incrementAndGet();
        answer(service, "open-k", new ModuleOutcome.Pending("17:5@host_create",
                new Credentials("kim@example.com", "panel-k", null, "https://vm.example", false)));

        String chosen = rootPasswordFor(service, "open-k");
        answer(service, "open-k", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none()));

        assertThat(row(service).getLogin()).isEqualTo("kim@example.com");
        assertThat(cipher.decrypt(row(service).getPasswordEncrypted())).isEqualTo("panel-k");
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo(chosen);
    }

    @Test
    void moduleAnswersJoinTheTransactionThatJournalsTheCall() {
        assertThatThrownBy(() -> credentials.fromModule(SERVICE_IDS.incrementAndGet(), 1, "k",
                new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(), Credentials.rootPassword("x"))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aKeyRotationReencryptsTheCredentials() {
        long service = SERVICE_IDS.incrementAndGet();
        answer(service, "open-r", new ModuleOutcome.Completed(ModuleOutcome.ExternalData.none(),
                new Credentials("rot@example.com", "rot-pw", "rot-root", "https://vm.example", false)));
        SecretCipher previous = new SecretCipher(PREVIOUS_KEY);
        jdbc.update("update hostflow.service_credentials set password_encrypted = ?, root_password_encrypted = ?"
                + " where service_id = ?", previous.encrypt("rot-pw"), previous.encrypt("rot-root"), service);
        assertThat(cipher.isUnderCurrentKey(row(service).getPasswordEncrypted())).isFalse();

        int rows = new SecretKeyRotation(modules, new SecretCipher(currentKey, PREVIOUS_KEY), transactionManager,
                List.of(credentials)).reencryptStoredSecrets();

        assertThat(rows).isGreaterThanOrEqualTo(1);
        assertThat(cipher.decrypt(row(service).getPasswordEncrypted())).isEqualTo("rot-pw");
        assertThat(cipher.decrypt(row(service).getRootPasswordEncrypted())).isEqualTo("rot-root");
        assertThat(cipher.isUnderCurrentKey(row(service).getRootPasswordEncrypted())).isTrue();
    }

    private String rootPasswordFor(long service, String operationKey) {
        return chooseAhead(service, operationKey, true).rootPassword();
    }

    private ServiceCredentials.ChosenPasswords chooseAhead(long service, String operationKey, boolean account) {
        return new TransactionTemplate(transactionManager).execute(
                tx -> credentials.chooseAhead(service, 42, operationKey, true, account));
    }

    private void answer(long service, String operationKey, ModuleOutcome outcome) {
        new TransactionTemplate(transactionManager).executeWithoutResult(
                tx -> credentials.fromModule(service, 42, operationKey, outcome));
    }

    private ServiceCredential row(long service) {
        return new TransactionTemplate(transactionManager).execute(tx -> store.findById(service).orElseThrow());
    }
}
