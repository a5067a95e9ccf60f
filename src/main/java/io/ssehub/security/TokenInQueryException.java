package io.ssehub.security;

/** A token sent as a query parameter: refused, because URLs end up in logs, histories and Referer headers. */
public final class TokenInQueryException extends RuntimeException {

    public TokenInQueryException(String parameter) {
        super("tokens in the query string are refused (they leak into logs): remove '" + parameter
                + "' and send Authorization: Bearer <token> or the token cookie");
    }
}
