package com.hostflow.modules;

import java.security.SecureRandom;

/**
 * Random passwords for what a module sets up: a machine's root, a client's panel account. 20 letters and digits
 * without the ones people confuse (0/O, 1/l/I), so they can be read off a mail and typed.
 */
public final class MachinePasswords {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 20;

    private MachinePasswords() {
    }

    public static String random() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(CHARS.charAt(RANDOM.nextInt(CHARS.length())));
        }
        return password.toString();
    }
}
