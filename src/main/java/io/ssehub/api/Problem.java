package io.ssehub.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body: {@code type} is a stable identifier a client can switch on, {@code detail}
 * names the broken rule, {@code field} (when there is one) the input that broke it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:ssehub:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null);
    }

    Problem withField(String name) {
        return new Problem(type, title, status, detail, name);
    }
}
