package io.ssehub.config;

import java.util.Optional;

/**
 * The Mercure protocol at {@code /.well-known/mercure}. Each value has been checked by its setting's rule
 * ({@link Setting}).
 *
 * @param enabled        whether the hub serves it
 * @param publisherKey   what publishers' tokens are checked with; unset, the hub's own ({@code auth.*})
 * @param subscriberKey  what subscribers' tokens are checked with; unset, the hub's own ({@code auth.*})
 * @param anonymous      whether subscribers without a token are admitted (to public updates only)
 * @param cookieName     the cookie a browser's EventSource carries its token in
 */
public record MercureConfig(boolean enabled, Optional<JwtKey> publisherKey, Optional<JwtKey> subscriberKey,
                            boolean anonymous, String cookieName) {
}
