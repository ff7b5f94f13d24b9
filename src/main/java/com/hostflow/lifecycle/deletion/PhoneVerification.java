package com.hostflow.lifecycle.deletion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.time.ClockMovedBack;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.CountedRefusal;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.TooManyAttemptsException;

/**
 * Phone verification for deleting services of a PHONE_VERIFIED product type: a six-digit code goes to the client's
 * phone, valid for {@value #VALID_MINUTES} minutes and {@value #MAX_ATTEMPTS} tries, usable once. Only a salted
 * SHA-256 hash of it is stored. A new code for the same service is sent {@value #RESEND_AFTER_SECONDS} seconds after
 * the last one at the earliest (each text costs the provider money, and a script could send hundreds).
 */
@Service
public class PhoneVerification {

    private static final Logger log = LoggerFactory.getLogger(PhoneVerification.class);

    static final int VALID_MINUTES = 10;
    static final int MAX_ATTEMPTS = 5;
    static final String INVALID_CODE = "INVALID_DELETION_CODE";
    static final int RESEND_AFTER_SECONDS = 60;

    private final DeletionCodeRepository codes;
    private final SmsSender sms;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PhoneVerification(DeletionCodeRepository codes, SmsSender sms, Clock clock) {
        this.codes = codes;
        this.sms = sms;
        this.clock = clock;
    }

    /** A code stored and about to be texted. */
    public record IssuedCode(long serviceId, Instant expiresAt, String phone, String text) {

        @Override
        public String toString() {
            return "IssuedCode[expiresAt " + expiresAt + ", text hidden]";
        }
    }

    /**
     * Draws and stores a new code (replacing an earlier one), to be texted with {@link #deliver} once this commits;
     * the caller holds the service's row lock. 429 while the last code is younger than {@value #RESEND_AFTER_SECONDS}
     * seconds.
     */
    @Transactional
    public IssuedCode issue(long serviceId, String phone) {
        if (phone == null || phone.isBlank()) {
            throw new BusinessRuleException("NO_PHONE", "the client has no phone number to send the code to");
        }
        Instant now = clock.instant();
        DeletionCode earlier = codes.findById(serviceId).orElse(null);
        if (earlier != null) {
            Instant resendAt = earlier.expiresAt().minus(Duration.ofMinutes(VALID_MINUTES))
                    .plusSeconds(RESEND_AFTER_SECONDS);
            if (resendAt.isAfter(now)) {
                throw new TooManyAttemptsException("a code was sent to the client's phone a moment ago; a new one"
                        + " can be sent after " + resendAt, Duration.between(now, resendAt));
            }
            codes.delete(earlier);
            codes.flush();
        }
        String code = "%06d".formatted(random.nextInt(1_000_000));
        String salt = HexFormat.of().formatHex(randomBytes(16));
        Instant expiresAt = now.plus(Duration.ofMinutes(VALID_MINUTES));
        codes.save(new DeletionCode(serviceId, hash(salt, code), salt, expiresAt));
        return new IssuedCode(serviceId, expiresAt, phone, "Your code to delete service #" + serviceId + " is " + code
                + ". It is valid for " + VALID_MINUTES + " minutes.");
    }

    /**
     * The demo's clock put back: a code issued while it was ahead is valid until the moved clock's time plus its
     * minutes, and it holds a new code back until a minute after its issue, so after a year ahead and back the service
     * got no new code for a year (429). Each code then expires within its validity from the new time: a new one can be
     * sent a minute after the move at the latest.
     */
    @EventListener
    void clockMovedBack(ClockMovedBack moved) {
        int shortened = codes.expireBy(moved.now().plus(Duration.ofMinutes(VALID_MINUTES)));
        if (shortened > 0) {
            log.info("clock put back to {}: {} deletion codes sent while it was ahead expire within {} minutes",
                    moved.now(), shortened, VALID_MINUTES);
        }
    }

    /**
     * Texts an issued code; never inside a transaction (the SMS gateway is another system). A text the gateway did not
     * take takes its code back, so the client may ask again at once: the minute between codes is for texts sent, and
     * it answered 429 "sent a moment ago" for a code nobody received.
     */
    public void deliver(IssuedCode issued) {
        try {
            sms.send(issued.phone(), issued.text());
        } catch (RuntimeException notSent) {
            codes.deleteIssued(issued.serviceId(), issued.expiresAt());
            throw notSent;
        }
    }

    /**
     * Uses up the code when it is right. Runs in the deletion's transaction, which a wrong code does not roll back
     * ({@link CountedRefusal}): the tries are counted even though the deletion is refused. Never a transaction of its
     * own beside the deletion's: that took a second connection while the deletion's held the service's row lock, and
     * requests at once took the whole pool waiting for their second.
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = CountedRefusal.class)
    public void consume(long serviceId, String code) {
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("code", "deleting this service needs the code sent to the client's phone"
                    + " (POST /api/v1/services/" + serviceId + "/deletion-code)");
        }
        DeletionCode stored = codes.findById(serviceId).orElseThrow(
                () -> new CountedRefusal(INVALID_CODE, "no valid code: ask for a new one"));
        if (!stored.expiresAt().isAfter(clock.instant()) || stored.attempts() >= MAX_ATTEMPTS) {
            codes.delete(stored);
            throw new CountedRefusal(INVALID_CODE, "the code has expired or was tried too often: ask for a new one");
        }
        boolean right = MessageDigest.isEqual(hash(stored.salt(), code.trim()).getBytes(StandardCharsets.US_ASCII),
                stored.codeHash().getBytes(StandardCharsets.US_ASCII));
        if (!right) {
            stored.countAttempt();
            throw new CountedRefusal(INVALID_CODE, "the code is wrong");
        }
        codes.delete(stored);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hash(String salt, String code) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((salt + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
