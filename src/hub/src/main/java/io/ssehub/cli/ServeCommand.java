package io.ssehub.cli;

import io.ssehub.config.HubConfig;
import io.ssehub.config.InvalidSettingException;
import io.ssehub.runtime.grizzly.EmbeddedHub;
import io.ssehub.core.FatalErrors;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: the embedded hub, until Ctrl-C or SIGTERM. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = SsehubCommand.Version.class,
        description = {
            "Runs the hub on embedded Grizzly until Ctrl-C or SIGTERM, which first send every open stream a "
                    + "retry hint and close it.",
            "Settings come from ssehub.<name> system properties and SSEHUB_<NAME> environment variables, "
                    + "such as SSEHUB_TICK_INTERVAL=500ms (every setting is in the README); --host and --port "
                    + "override theirs."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "interface to listen on, 0.0.0.0 for all (default: localhost)")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 for any free one (default: 8080)")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedHub hub;
        try {
            // This process is the hub's: once the hub cannot go on, it ends, for its supervisor to restart.
            hub = EmbeddedHub.start(config(), FatalErrors.haltingTheProcess());
        } catch (InvalidSettingException e) {
            // Settings are read, and keys loaded, while the hub is built: each names itself in one sentence.
            err.println("ssehub serve: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IllegalStateException e) {
            err.println("ssehub serve: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "ssehub-cli-serve-exit"));
        out.println("ssehub is listening on " + hub.uri() + " (streams at " + hub.uri() + "events, health at "
                + hub.uri() + "health)");
        out.flush();
        // Serves until the JVM is told to stop; the hook above then closes the hub.
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    /**
     * The settings as the hub reads them ({@link HubConfig#fromEnvironment()}), where system properties win
     * over environment variables: the options are set as those properties, so they win too.
     */
    private HubConfig config() {
        if (host != null) {
            System.setProperty("ssehub.host", host);
        }
        if (port != null) {
            System.setProperty("ssehub.port", Integer.toString(port));
        }
        return HubConfig.fromEnvironment();
    }
}
