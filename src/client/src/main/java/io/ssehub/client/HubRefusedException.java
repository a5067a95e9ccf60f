package io.ssehub.client;

import io.ssehub.refusal.Problem;
import java.util.Optional;

/**
 * The hub answered a request with a refusal (4xx, or a 5xx to a publish). The hub's refusals are
 * RFC 9457 problem bodies; their {@code detail} is in the message and in {@link #detail()}.
 */
public final class HubRefusedException extends HubException {

    private final int status;
    private final String detail;
    private final String problemType;
    private final String field;

    HubRefusedException(String request, int status, String reason, Problem problem) {
        super(request + " was refused with " + status + " " + reason + ": "
                + (problem.detail() != null ? problem.detail() : reason), null);
        this.status = status;
        this.detail = problem.detail() != null ? problem.detail() : reason;
        this.problemType = problem.type();
        this.field = problem.field();
    }

    /** The HTTP status, such as 400 or 404. */
    public int status() {
        return status;
    }

    /** The problem's {@code detail} (which rule was broken), or the HTTP reason phrase when the body had none. */
    public String detail() {
        return detail;
    }

    /** The problem's {@code type}, such as {@code urn:ssehub:problem:invalid-field}, when the body was a problem. */
    public Optional<String> problemType() {
        return Optional.ofNullable(problemType);
    }

    /** The request field the problem names, such as {@code topic}, when it names one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
