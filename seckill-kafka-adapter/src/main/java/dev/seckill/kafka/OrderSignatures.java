package dev.seckill.kafka;

import dev.seckill.domain.model.SeckillOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an order's identity (its id, buyer, voucher and acceptance time) with an HMAC-SHA256 under the signing key,
 * and checks a signature against the signing key or a retired one. What the consumer adds to a record (its retry
 * count, due time and last error) is not signed: it only ever delays or gives up an order, never makes one.
 */
final class OrderSignatures {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final String signingKeyId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    // a Mac is not thread-safe: one per thread and key
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    OrderSignatures(SigningSettings settings) {
        this.signingKeyId = settings.keyId();
        keys.put(settings.keyId(), spec(settings.key()));
        for (String retired : settings.retiredKeys()) {
            int colon = retired.indexOf(':');
            keys.put(retired.substring(0, colon), spec(retired.substring(colon + 1)));
        }
    }

    /** The signing key's id. */
    String keyId() {
        return signingKeyId;
    }

    /** The order's signature under the signing key. */
    String sign(SeckillOrder order) {
        return sign(signingKeyId, payload(order));
    }

    /** Why the signature does not hold, or null when it does. */
    String refusal(SeckillOrder order, String keyId, String signature) {
        if (keyId == null || signature == null) {
            return "not signed by the service (no signature)";
        }
        if (!keys.containsKey(keyId)) {
            return "not signed by the service (unknown key id '" + keyId + "')";
        }
        byte[] expected = sign(keyId, payload(order)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return "not signed by the service (bad signature under key id '" + keyId + "')";
        }
        return null;
    }

    private String sign(String keyId, byte[] payload) {
        Mac mac = macs.get().computeIfAbsent(keyId, id -> {
            try {
                Mac created = Mac.getInstance(ALGORITHM);
                created.init(keys.get(id));
                return created;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        });
        return BASE64.encodeToString(mac.doFinal(payload));
    }

    private static byte[] payload(SeckillOrder order) {
        return ("seckill-order/v1|" + order.orderId() + "|" + order.userId() + "|" + order.voucherId() + "|"
                        + order.createdAt())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec spec(String key) {
        return new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }
}
