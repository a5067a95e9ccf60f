package io.ssehub.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The key of Mercure tokens, read with the algorithm setting {@code algorithmKey} names: for an HMAC
 * algorithm, a secret at least as long as its hash (RFC 7518, section 3.2); otherwise where the public keys
 * are, checked as they load. A refusal shows its length, never the key.
 */
record MercureKeyText(String algorithmKey) implements SettingRule<Optional<JwtKey>> {

    @Override
    public Optional<JwtKey> read(String text, Function<String, Object> others) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String algorithm = (String) others.apply(algorithmKey);
        if (algorithm.startsWith("HS")) {
            int minBytes = HmacAlgorithm.valueOf(algorithm).minSecretBytes();
            if (text.getBytes(StandardCharsets.UTF_8).length < minBytes) {
                throw new Broken("a secret of at least " + minBytes + " bytes (UTF-8) for " + algorithm);
            }
        }
        return Optional.of(new JwtKey(text, algorithm));
    }

    @Override
    public String text() {
        return "an HMAC secret as long as the hash of " + algorithmKey + " (32 bytes for HS256), or a PEM file, "
                + "JWKS file or JWKS URL for RS/PS/ES";
    }

    @Override
    public String shown(String text) {
        return "a key of " + text.getBytes(StandardCharsets.UTF_8).length + " bytes";
    }
}
