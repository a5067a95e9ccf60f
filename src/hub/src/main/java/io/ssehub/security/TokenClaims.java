package io.ssehub.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.ssehub.refusal.Refusal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The claims of a token whose signature has been checked, read with their JSON types checked: the
 * registered claims as RFC 7519, section 4.1 types them, and the grants claim as the hub defines it.
 * A claim of the wrong type ({@code null} included) is refused naming it; it is never coerced (a number
 * read as a subject), skipped (a {@code null} not-before) or read as absent (a malformed grants claim
 * read as "no grants"). Only a claim that is not there at all is absent.
 *
 * @param registered the registered claims, for nimbus to check the times against the clock
 * @param grants     the grants claim; a token without one is granted nothing
 */
record TokenClaims(JWTClaimsSet registered, Grants grants) {

    private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");
    private static final List<String> STRINGS = List.of("sub", "iss", "jti");

    /** @throws Refusal (unauthorized) naming the first claim of the wrong type */
    static TokenClaims read(Map<String, Object> json) {
        JWTClaimsSet registered = registered(json);
        return new TokenClaims(registered, grants(json));
    }

    /**
     * The registered claims, each of its RFC 7519 type.
     *
     * @throws Refusal (unauthorized) naming the first claim of the wrong type
     */
    static JWTClaimsSet registered(Map<String, Object> json) {
        NUMERIC_DATES.forEach(claim -> member(json, claim, claim, Number.class, "a number of seconds since 1970 (a NumericDate)"));
        STRINGS.forEach(claim -> member(json, claim, claim, String.class, "a string"));
        if (!(json.get("aud") instanceof String)) {
            strings(json, "aud", "aud", "a string or an array of strings");
        }
        try {
            return JWTClaimsSet.parse(json);
        } catch (ParseException e) {
            // Every claim nimbus reads was type-checked above: this is a safety net, not an expected path.
            throw Refusal.unauthorized("the token's claims are not valid: " + e.getMessage());
        }
    }

    private static Grants grants(Map<String, Object> json) {
        Map<?, ?> grants = member(json, TokenVerifier.GRANTS_CLAIM, TokenVerifier.GRANTS_CLAIM, Map.class,
                "an object such as {\"publish\": [\"news\"], \"subscribe\": [\"*\"]}");
        if (grants == null) {
            return new Grants(List.of(), List.of());
        }
        return new Grants(patterns(grants, "publish"), patterns(grants, "subscribe"));
    }

    private static List<TopicPattern> patterns(Map<?, ?> grants, String member) {
        List<TopicPattern> patterns = new ArrayList<>();
        for (Object pattern : strings(grants, member, TokenVerifier.GRANTS_CLAIM + "." + member,
                "an array of topic patterns (strings)")) {
            if (!((String) pattern).isEmpty()) {
                patterns.add(new TopicPattern((String) pattern));
            }
        }
        return patterns;
    }

    /**
     * The member's value, or {@code null} when the object does not have it; a {@code null} or another type
     * is refused naming {@code claim}.
     */
    static <T> T member(Map<?, ?> object, String member, String claim, Class<T> type, String what) {
        Object value = object.get(member);
        if (object.containsKey(member) && !type.isInstance(value)) {
            throw wrongType(claim, what);
        }
        return type.cast(value);
    }

    /** An array of strings, or an empty list when the object does not have it. */
    static List<?> strings(Map<?, ?> object, String member, String claim, String what) {
        List<?> list = member(object, member, claim, List.class, what);
        if (list == null) {
            return List.of();
        }
        if (!list.stream().allMatch(String.class::isInstance)) {
            throw wrongType(claim, what);
        }
        return list;
    }

    private static Refusal wrongType(String claim, String what) {
        return Refusal.unauthorized("the token's '" + claim + "' claim must be " + what);
    }
}
