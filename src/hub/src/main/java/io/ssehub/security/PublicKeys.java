package io.ssehub.security;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.ssehub.config.InvalidSettingException;
import io.ssehub.config.AccessConfig;
import io.ssehub.config.Setting;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public keys tokens are checked against: a JWKS URL, a JWKS file, or a PEM file of one or more
 * {@code PUBLIC KEY} blocks (RSA or EC). PEM is read with the JDK's own key factories, so no extra
 * parser library is needed.
 */
final class PublicKeys {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    /** PKCS#8 ({@code PRIVATE KEY}, {@code ENCRYPTED PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}). */
    private static final Pattern PRIVATE_PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private PublicKeys() {
    }

    static JWKSource<SecurityContext> load(String location) {
        if (AccessConfig.isUrl(location)) {
            try {
                return JWKSourceBuilder.create(URI.create(location).toURL()).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "is not a valid JWKS URL");
            }
        }
        String text;
        try {
            text = Files.readString(Path.of(location));
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "names a file that cannot be read: " + location);
        }
        List<JWK> keys = text.trim().startsWith("{") ? fromJwks(text) : fromPem(text);
        if (keys.stream().anyMatch(JWK::isPrivate) || PRIVATE_PEM.matcher(text).find()) {
            // Refused even next to public keys: a private key belongs with the issuer alone.
            throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "holds a private key; give only the issuer's public "
                    + "keys (PEM PUBLIC KEY blocks or a JWKS) and keep the private key with the issuer");
        }
        if (keys.isEmpty()) {
            throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "holds no public key (a PEM PUBLIC KEY block or a JWKS)");
        }
        return new ImmutableJWKSet<>(new JWKSet(keys));
    }

    private static List<JWK> fromJwks(String json) {
        try {
            return JWKSet.parse(json).getKeys();
        } catch (ParseException e) {
            throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "is not a valid JWKS document");
        }
    }

    private static List<JWK> fromPem(String pem) {
        List<JWK> keys = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(1));
            keys.add(toJwk(publicKey(der)));
        }
        return keys;
    }

    private static PublicKey publicKey(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new InvalidSettingException(Setting.AUTH_PUBLIC_KEYS, "holds a PEM block that is neither an RSA nor an EC public key");
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    }
}
