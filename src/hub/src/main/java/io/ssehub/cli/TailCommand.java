package io.ssehub.cli;

import io.ssehub.client.HubClient;
import io.ssehub.event.EventRules;
import io.ssehub.refusal.Refusal;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tail}: prints the hub's events as they arrive, resuming after every failure. */
@Command(name = "tail",
        mixinStandardHelpOptions = true,
        versionProvider = SsehubCommand.Version.class,
        description = {
            "Prints the hub's events as they arrive, one per line: the time it was received (UTC), its type, "
                    + "its id and its data.",
            "After a dropped connection, a hub restart or an error it reconnects and resumes after the last event "
                    + "it printed; a reset line says when the hub could not tell what was missed. "
                    + "It stops on Ctrl-C, or when the hub refuses."
        })
final class TailCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HubOptions hub;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC",
            description = "a topic to follow (repeatable); without one, every topic")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--last-event-id", paramLabel = "ID",
            description = "start after this event, as a reconnecting client would")
    private String lastEventId;

    @Option(names = "--json", description = "print one JSON object per line: {\"id\":…,\"type\":…,\"data\":…}")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        HubClient client = client();
        // Ctrl-C and SIGTERM: close the stream properly, so the hub forgets this client at once.
        Thread closeOnExit = new Thread(client::close, "ssehub-cli-tail-exit");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        try (client) {
            client.subscribe()
                    .topics(topics)
                    .lastEventId(Optional.ofNullable(lastEventId))
                    .onAny(event -> {
                        out.println(json ? EventLines.json(event) : EventLines.human(event, clock.instant()));
                        out.flush();
                        if (out.checkError()) {
                            // Whoever read the output is gone (tail … | head): nothing left to do.
                            outcome.complete(ExitCodes.OK);
                        }
                    })
                    .onFailure(error -> {
                        err.println("ssehub tail: " + error.getMessage());
                        err.flush();
                        outcome.complete(ExitCodes.REFUSED);
                    })
                    .open();
            return outcome.join();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down, and the hook is running or has run
            }
        }
    }

    private HubClient client() {
        try {
            if (lastEventId != null) {
                EventRules.requireSingleLine("--last-event-id", lastEventId);
            }
            return hub.client();
        } catch (IllegalArgumentException | Refusal e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
