package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private final SecretCipher cipher = new SecretCipher(KEY);

    @Test
    void decryptsWhatItEncrypted() {
        assertThat(cipher.decrypt(cipher.encrypt("s3cret with ümlauts"))).isEqualTo("s3cret with ümlauts");
        assertThat(cipher.decrypt(cipher.encrypt(""))).isEmpty();
    }

    @Test
    void theSamePlaintextGivesDifferentCiphertexts() {
        String first = cipher.encrypt("secret");
        String second = cipher.encrypt("secret");

        assertThat(first).isNotEqualTo(second).doesNotContain("secret");
        // 12-byte IV + 6 bytes of ciphertext + 16-byte tag
        assertThat(Base64.getDecoder().decode(first)).hasSize(12 + 6 + 16);
    }

    @Test
    void detectsTampering() {
        byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("secret"));
        sealed[14] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(sealed)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyCannotDecrypt() {
        SecretCipher other = new SecretCipher(Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> other.decrypt(cipher.encrypt("secret"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAMissingOrWrongSizedKey() {
        assertThatThrownBy(() -> new SecretCipher("")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HOSTFLOW_SECRET_KEY");
        assertThatThrownBy(() -> new SecretCipher(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[20])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("16, 24 or 32");
        assertThatThrownBy(() -> new SecretCipher("not base64 !")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("base64");
    }

    @Test
    void rotationRoundTrip() {
        String oldKey = Base64.getEncoder().encodeToString(new byte[32]);
        String storedUnderOldKey = new SecretCipher(oldKey).encrypt("module-password");
        SecretCipher rotated = new SecretCipher(KEY, " " + oldKey + " ,");

        assertThat(rotated.isUnderCurrentKey(storedUnderOldKey)).isFalse();
        assertThat(rotated.decrypt(storedUnderOldKey)).isEqualTo("module-password");

        String reencrypted = rotated.reencrypt(storedUnderOldKey);

        assertThat(rotated.isUnderCurrentKey(reencrypted)).isTrue();
        assertThat(cipher.decrypt(reencrypted)).isEqualTo("module-password");
        assertThat(rotated.encrypt("new")).satisfies(value -> assertThat(cipher.decrypt(value)).isEqualTo("new"));
    }

    @Test
    void aValueUnderAnUnknownKeyFailsClearly() {
        String storedUnderLostKey = new SecretCipher(Base64.getEncoder().encodeToString(new byte[24]))
                .encrypt("module-password");
        SecretCipher rotated = new SecretCipher(KEY, Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> rotated.decrypt(storedUnderLostKey)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hostflow.previous-secret-keys").hasMessageNotContaining("module-password");
        assertThatThrownBy(() -> rotated.reencrypt(storedUnderLostKey)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesABadPreviousKey() {
        assertThatThrownBy(() -> new SecretCipher(KEY, "not base64 !")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key 1 of hostflow.previous-secret-keys");
        assertThatThrownBy(() -> new SecretCipher(KEY, KEY + "," + Base64.getEncoder().encodeToString(new byte[5])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key 2 of");
    }
}
