package io.ssehub.refusal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ssehub.refusal.ProblemKind;
import io.ssehub.refusal.Refusal;

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

    /** A problem of one of the hub's own kinds, about no field in particular. */
    public static Problem of(ProblemKind kind, String detail) {
        return of(kind.slug(), kind.title(), kind.status(), detail);
    }

    /** What a refusal tells the client: its kind, its detail and the field it names, if any. */
    public static Problem of(Refusal refusal) {
        ProblemKind kind = refusal.kind();
        return new Problem(TYPE_PREFIX + kind.slug(), kind.title(), kind.status(), refusal.getMessage(),
                refusal.field().orElse(null));
    }
}
