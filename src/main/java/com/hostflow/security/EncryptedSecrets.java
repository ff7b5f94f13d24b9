package com.hostflow.security;

/**
 * A feature that keeps values encrypted with {@link SecretCipher} besides the processing-module passwords (e.g. the
 * credentials of services). {@link SecretKeyRotation} asks each one, in its transaction, to re-encrypt what the
 * current key cannot read.
 */
public interface EncryptedSecrets {

    /**
     * Re-encrypts under the current key every stored value made with a previous key; a value under no configured key
     * is left as it is with a warning that names its row (never the secret). Answers how many rows changed.
     */
    int reencryptUnderCurrentKey(SecretCipher cipher);
}
