package com.hostflow.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.ProcessingModule;
import com.hostflow.catalog.ProcessingModuleRepository;

/**
 * Completes a key rotation at start-up: every stored processing-module password that the current
 * {@code hostflow.secret-key} cannot read is decrypted with a previous key and encrypted again with the current one,
 * and so is every value of the other {@link EncryptedSecrets} (the credentials of services), all in one transaction. A password under none of the configured keys is left as it is with a warning (the start
 * goes on; enter it again). Logs module ids and counts, never a secret. Runs before the demo seeders.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecretKeyRotation implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretKeyRotation.class);

    private final ProcessingModuleRepository modules;
    private final SecretCipher cipher;
    private final TransactionTemplate transaction;
    private final List<EncryptedSecrets> otherSecrets;

    public SecretKeyRotation(ProcessingModuleRepository modules, SecretCipher cipher,
            PlatformTransactionManager transactionManager) {
        this(modules, cipher, transactionManager, List.of());
    }

    @Autowired
    public SecretKeyRotation(ProcessingModuleRepository modules, SecretCipher cipher,
            PlatformTransactionManager transactionManager, List<EncryptedSecrets> otherSecrets) {
        this.modules = modules;
        this.cipher = cipher;
        this.transaction = new TransactionTemplate(transactionManager);
        this.otherSecrets = List.copyOf(otherSecrets);
    }

    @Override
    public void run(ApplicationArguments args) {
        reencryptStoredSecrets();
    }

    /** @return how many stored passwords (and rows of other secrets) were re-encrypted */
    public int reencryptStoredSecrets() {
        for (int attempt = 1;; attempt++) {
            try {
                return reencryptOnce();
            } catch (OptimisticLockingFailureException e) {
                // another node's rotation (or an admin's save) changed a module meanwhile (its version): read them
                // again; those the other node re-encrypted are under the current key now and are skipped
                if (attempt == 3) {
                    throw e;
                }
                log.info("secret key rotation met a concurrent change of a processing module; running it again");
            }
        }
    }

    private int reencryptOnce() {
        Integer count = transaction.execute(status -> {
            int reencrypted = 0;
            for (ProcessingModule module : modules.findAll()) {
                String stored = module.getPasswordEncrypted();
                if (stored == null || cipher.isUnderCurrentKey(stored)) {
                    continue;
                }
                try {
                    module.setPasswordEncrypted(cipher.reencrypt(stored));
                } catch (IllegalStateException e) {
                    log.warn("the password of processing module {} cannot be decrypted with hostflow.secret-key or"
                            + " hostflow.previous-secret-keys; add the key it was made with to"
                            + " HOSTFLOW_PREVIOUS_SECRET_KEYS, or enter the password again", module.getId());
                    continue;
                }
                log.info("re-encrypted the password of processing module {} with the current secret key",
                        module.getId());
                reencrypted++;
            }
            for (EncryptedSecrets secrets : otherSecrets) {
                reencrypted += secrets.reencryptUnderCurrentKey(cipher);
            }
            return reencrypted;
        });
        if (count > 0) {
            log.info("secret key rotation: {} stored secret(s) re-encrypted", count);
        }
        return count;
    }
}
