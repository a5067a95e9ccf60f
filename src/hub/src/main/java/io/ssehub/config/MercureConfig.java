package io.ssehub.config;

import java.util.Optional;

/**
 * The Mercure protocol at {@code /.well-known/mercure}. Each value has been checked by its setting's rule
 * ({@link Setting}).
 *
 * @param enabled        whether the hub serves it
 * @param publisherAlgorithm  what publishers' tokens are signed with; read even without a key, so that a
 *                            misspelt one stops start-up
 * @param publisherKey        what publishers' tokens are checked with; unset, the hub's own ({@code auth.*})
 * @param subscriberAlgorithm what subscribers' tokens are signed with
 * @param subscriberKey       what subscribers' tokens are checked with; unset, the hub's own ({@code auth.*})
 * @param anonymous      whether subscribers without a token are admitted (to public updates only)
 * @param cookieName     the cookie a browser's EventSource carries its token in
 * @param subscriptions  whether subscriptions starting and ending are published (spec, "Subscription Events")
 */
public record MercureConfig(boolean enabled, String publisherAlgorithm, Optional<JwtKey> publisherKey,
                            String subscriberAlgorithm, Optional<JwtKey> subscriberKey, boolean anonymous,
                            String cookieName, boolean subscriptions) {
}
