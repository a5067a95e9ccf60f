package io.ssehub.cli;

import io.ssehub.client.HubClientBuilder;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --token}, or {@code SSEHUB_TOKEN} when the option is absent: the bearer token {@code tail} and
 * {@code publish} send to a locked-down hub. The token is never printed, so the option has no default
 * value for {@code --help} to show, and the environment is read only when the client is built.
 */
final class TokenOption {

    static final String ENVIRONMENT_VARIABLE = "SSEHUB_TOKEN";

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the token (a JWT) for a locked-down hub, sent as Authorization: Bearer; without it, "
                    + "the " + ENVIRONMENT_VARIABLE + " environment variable, which other users cannot see in the "
                    + "process list as they can an option")
    private String token;

    /** Adds the token, if one was given, to the client being built. */
    HubClientBuilder applyTo(HubClientBuilder client) {
        return applyTo(client, System.getenv());
    }

    HubClientBuilder applyTo(HubClientBuilder client, Map<String, String> environment) {
        String chosen = token != null ? token : environment.get(ENVIRONMENT_VARIABLE);
        // An empty SSEHUB_TOKEN (export SSEHUB_TOKEN=) means none, as for the hub's own SSEHUB_ settings.
        return chosen == null || chosen.isBlank() ? client : client.token(chosen.strip());
    }
}
