package dev.sessionfarm.webapp.resume;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * A "continue later" code: 12 symbols of Crockford's base32 (digits and letters without I, L, O, U), 5 bits each,
 * all from {@link SecureRandom}: 60 bits. Shown in groups of four ({@code 7KQ4-M2XD-9FTB}); read back ignoring
 * case, spaces and dashes, with O read as 0 and I and L as 1, so a code copied by hand still works. Only its
 * SHA-256 hash is stored.
 */
public final class ResumeCode
{
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 12;
    public static final int BITS = LENGTH * 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResumeCode()
    {
    }

    /** A new code, as shown: groups of four separated by dashes. */
    public static String generate()
    {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++)
        {
            if (i > 0 && i % 4 == 0)
                code.append('-');
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The code's canonical symbols, or empty when {@code typed} cannot be a code (then no lookup is needed). */
    public static Optional<String> normalize(String typed)
    {
        if (typed == null || typed.length() > 40)
            return Optional.empty();
        StringBuilder code = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray())
        {
            if (c == ' ' || c == '-')
                continue;
            char read = switch (c)
            {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0)
                return Optional.empty();
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** SHA-256 of the canonical symbols: the key the draft is stored under. */
    static byte[] hash(String canonical)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
