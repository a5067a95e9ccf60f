package io.ssehub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssehub.client.HubClient;
import io.ssehub.client.HubRefusedException;
import io.ssehub.client.HubUnreachableException;
import io.ssehub.event.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code publish}: publishes one event and prints the id the hub gave it. */
@Command(name = "publish",
        mixinStandardHelpOptions = true,
        versionProvider = SsehubCommand.Version.class,
        description = {
            "Publishes one event and prints the id the hub gave it.",
            "A refusal prints the hub's problem detail on stderr."
        })
final class PublishCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HubOptions hub;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "the event's topic")
    private String topic;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "the event's type (its SSE event name)")
    private String type;

    @Option(names = "--data", required = true, paramLabel = "JSON",
            description = "the event's data: any JSON value, such as {\"message\":\"hi\"} or null")
    private String data;

    @Option(names = "--retry", paramLabel = "MS",
            description = "the reconnect hint, in milliseconds, that subscribers receive with the event")
    private Long retry;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode json = parseData();
        try (HubClient client = client()) {
            out.println(client.publish(topic, type, json, Optional.ofNullable(retry).map(Duration::ofMillis)));
            out.flush();
            return ExitCodes.OK;
        } catch (HubRefusedException e) {
            err.println("ssehub publish: " + e.getMessage());
            return ExitCodes.REFUSED;
        } catch (HubUnreachableException e) {
            err.println("ssehub publish: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }

    private JsonNode parseData() {
        try {
            JsonNode json = Json.read(data.getBytes(StandardCharsets.UTF_8));
            if (json == null || json.isMissingNode()) {
                throw new ParameterException(spec.commandLine(), "--data is empty; give a JSON value, such as {} or null");
            }
            return json;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--data is not JSON: " + firstLine(e.getMessage()));
        }
    }

    private HubClient client() {
        try {
            return hub.client();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return message == null ? "unreadable" : end < 0 ? message : message.substring(0, end);
    }
}
