package dev.seckill.kafka;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys that sign the order records the service writes to its topics, so that its consumer can tell them from
 * records anyone else wrote: {@code key} (under the name {@code keyId}) signs every record, and the records signed with
 * it or with one of the {@code retiredKeys} verify. Rotating: give every instance the new key as a retired one first,
 * then make it the signing key (the old one retired), and drop the old one once the topics no longer hold its records.
 *
 * @param keyId       the signing key's name, carried in each record
 * @param key         the signing key: a secret of at least 32 characters shared by every instance
 * @param retiredKeys keys that still verify, each {@code keyId:key}
 */
public record SigningSettings(String keyId, String key, List<String> retiredKeys) {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int MIN_KEY = 32;

    /** The development key: for the local services and the tests only; a publisher signing with it says so in a WARN. */
    public static final SigningSettings DEVELOPMENT =
            new SigningSettings("dev", "seckill-development-signing-key-not-for-production", List.of());

    public SigningSettings {
        requireKeyId("keyId", keyId);
        requireKey("key", key);
        retiredKeys = retiredKeys == null ? List.of() : List.copyOf(retiredKeys);
        Set<String> ids = new HashSet<>(Set.of(keyId));
        for (String retired : retiredKeys) {
            int colon =
                    Objects.requireNonNull(retired, "retiredKeys holds no null").indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("retiredKeys: each is keyId:key, got one without a ':'");
            }
            String id = retired.substring(0, colon);
            requireKeyId("retiredKeys' keyId", id);
            requireKey("the retired key " + id, retired.substring(colon + 1));
            if (!ids.add(id)) {
                throw new IllegalArgumentException("retiredKeys: key id " + id + " is given twice (or is keyId)");
            }
        }
    }

    /** Whether this is the built-in development key. */
    public boolean development() {
        return key.equals(DEVELOPMENT.key);
    }

    private static void requireKeyId(String name, String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    name + " must be 1 to 32 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
    }

    private static void requireKey(String name, String key) {
        if (key == null || key.length() < MIN_KEY) {
            throw new IllegalArgumentException(name + " must be a secret of at least " + MIN_KEY + " characters");
        }
    }
}
