package io.ssehub.cli;

import io.ssehub.client.HubClient;
import io.ssehub.client.HubClientBuilder;
import java.net.URI;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code tail} and {@code publish} need to reach a hub: its URL, and {@code --token} (or
 * {@code SSEHUB_TOKEN} when the option is absent), the bearer token sent to a locked-down hub. The token is
 * never printed, so the option has no default value for {@code --help} to show, and the environment is read
 * only when the client is built.
 */
final class HubOptions {

    static final String ENVIRONMENT_VARIABLE = "SSEHUB_TOKEN";

    @Parameters(index = "0", paramLabel = "URL", description = "the hub's base URL, such as http://localhost:8080/")
    private URI url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the token (a JWT) for a locked-down hub, sent as Authorization: Bearer; without it, "
                    + "the " + ENVIRONMENT_VARIABLE + " environment variable, which other users cannot see in the "
                    + "process list as they can an option")
    private String token;

    /**
     * A client of the hub, with the token if one was given.
     *
     * @throws IllegalArgumentException when the URL or the token cannot be used
     */
    HubClient client() {
        HubClientBuilder client = HubClient.builder(url);
        String chosen = token != null ? token : System.getenv(ENVIRONMENT_VARIABLE);
        // An empty SSEHUB_TOKEN (export SSEHUB_TOKEN=) means none, as for the hub's own SSEHUB_ settings.
        return (chosen == null || chosen.isBlank() ? client : client.token(chosen.strip())).build();
    }
}
