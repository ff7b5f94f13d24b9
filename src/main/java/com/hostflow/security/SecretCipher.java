package com.hostflow.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (processing-module passwords) with AES-GCM. Every value gets its own random 12-byte IV,
 * stored in front of the ciphertext; the 128-bit tag makes any change to the stored value fail on decryption.
 * The key is the base64 value of {@code hostflow.secret-key} (env {@code HOSTFLOW_SECRET_KEY}), 16, 24 or 32 bytes.
 * <p>
 * Key rotation: {@code hostflow.previous-secret-keys} (env {@code HOSTFLOW_PREVIOUS_SECRET_KEYS}, comma-separated
 * base64, optional) lists keys that values may still be encrypted under. They are only tried for decryption;
 * everything new is encrypted with the current key, and {@link SecretKeyRotation} re-encrypts the stored values at
 * start-up.
 */
@Component
public class SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final List<SecretKey> previousKeys;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(String base64Key) {
        this(base64Key, "");
    }

    @Autowired
    public SecretCipher(@Value("${hostflow.secret-key:}") String base64Key,
            @Value("${hostflow.previous-secret-keys:}") String previousBase64Keys) {
        this.key = parseKey(base64Key, "hostflow.secret-key (HOSTFLOW_SECRET_KEY)");
        this.previousKeys = parsePreviousKeys(previousBase64Keys);
    }

    private static List<SecretKey> parsePreviousKeys(String commaSeparated) {
        List<SecretKey> keys = new ArrayList<>();
        if (commaSeparated == null) {
            return keys;
        }
        int position = 0;
        for (String part : commaSeparated.split(",")) {
            position++;
            if (!part.isBlank()) {
                keys.add(parseKey(part, "key " + position + " of hostflow.previous-secret-keys"
                        + " (HOSTFLOW_PREVIOUS_SECRET_KEYS)"));
            }
        }
        return List.copyOf(keys);
    }

    private static SecretKey parseKey(String base64Key, String name) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(name + " is not set: give it a base64 AES key of 16, 24 or 32 bytes"
                    + " (e.g. `openssl rand -base64 32`)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not valid base64", e);
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(name + " must decode to 16, 24 or 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Base64 of IV followed by ciphertext and tag, under the current key. */
    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    /**
     * Decrypts with the current key, or else with a previous one.
     *
     * @throws UndecryptableSecretException when no configured key made the value, or the value was changed
     */
    public String decrypt(String encrypted) {
        byte[] sealed = sealedBytes(encrypted);
        String plain = decryptWith(key, sealed);
        for (int i = 0; plain == null && i < previousKeys.size(); i++) {
            plain = decryptWith(previousKeys.get(i), sealed);
        }
        if (plain == null) {
            throw new UndecryptableSecretException();
        }
        return plain;
    }

    /**
     * Whether a configured key (the current one or a previous one) decrypts the value; false also for a value that
     * is no ciphertext at all. The plaintext is not kept.
     */
    public boolean decrypts(String encrypted) {
        try {
            decrypt(encrypted);
            return true;
        } catch (IllegalStateException undecryptable) {
            return false;
        }
    }

    /** Whether the value was made with the current key (and so needs no re-encryption). */
    public boolean isUnderCurrentKey(String encrypted) {
        return decryptWith(key, sealedBytes(encrypted)) != null;
    }

    /**
     * The same secret encrypted under the current key.
     *
     * @throws IllegalStateException as {@link #decrypt(String)}
     */
    public String reencrypt(String encrypted) {
        return encrypt(decrypt(encrypted));
    }

    private static byte[] sealedBytes(String encrypted) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(encrypted);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret is not valid base64", e);
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("the stored secret is too short to be AES-GCM ciphertext");
        }
        return all;
    }

    /** The plaintext, or {@code null} when the tag does not match (another key, or a changed value). */
    private static String decryptWith(SecretKey candidate, byte[] all) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, candidate, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a stored secret", e);
        }
    }
}
