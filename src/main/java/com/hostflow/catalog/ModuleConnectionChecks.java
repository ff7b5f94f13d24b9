package com.hostflow.catalog;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;
import com.hostflow.modules.ProcessingModuleAdapter.ConnectionCheck;
import com.hostflow.security.UndecryptableSecretException;

/**
 * An admin's "check connection" of a processing module (API and console): the module type's adapter logs in with the
 * stored settings. Not transactional (issue #10): the module is read on its own and called with no transaction,
 * connection or transaction synchronization open, however long its system takes to answer (a synchronization alone
 * would keep the first connection a read took until it ended).
 */
@Service
public class ModuleConnectionChecks {

    private static final Logger log = LoggerFactory.getLogger(ModuleConnectionChecks.class);

    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;

    ModuleConnectionChecks(CatalogLookup catalog, ModuleTypeRegistry moduleTypes) {
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
    }

    /** The module's answer; failures are answered, not thrown. */
    public ConnectionCheck check(long moduleId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a module's connection is checked outside any transaction");
        }
        ProcessingModuleConfig module;
        try {
            module = catalog.processingModule(moduleId)
                    .orElseThrow(() -> new NotFoundException("processing module", moduleId));
        } catch (UndecryptableSecretException e) {
            // the password of a key rotation's lost key: the admin enters it again (README, "Rotating the secret key")
            return new ConnectionCheck(false, "connection check failed: the module's stored password cannot be"
                    + " decrypted: " + UndecryptableSecretException.WHY + "; enter the password again");
        }
        Optional<ProcessingModuleAdapter> adapter = moduleTypes.adapter(module.moduleType());
        if (adapter.isEmpty()) {
            return new ConnectionCheck(false, "module type " + module.moduleType() + " is not installed");
        }
        try {
            return adapter.get().checkConnection(module);
        } catch (RuntimeException e) {
            log.warn("connection check of processing module {} failed: {}", moduleId, e.toString());
            return new ConnectionCheck(false, "connection check failed: " + e.getMessage());
        }
    }
}
