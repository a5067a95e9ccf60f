package io.ssehub.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar target/ssehub-cli.jar}: run a hub ({@code serve}), follow one ({@code tail}) or
 * publish to one ({@code publish}).
 */
@Command(name = "ssehub",
        mixinStandardHelpOptions = true,
        versionProvider = SsehubCommand.Version.class,
        description = "A Server-Sent Events hub: run one, follow its events, publish to it.",
        subcommands = {ServeCommand.class, TailCommand.class, PublishCommand.class, CommandLine.HelpCommand.class})
public final class SsehubCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: serve, tail or publish");
    }

    /** The command line, ready to execute, with the exit codes listed in every command's help. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SsehubCommand());
        listExitCodes(commandLine);
        return commandLine;
    }

    private static void listExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
        command.getSubcommands().values().forEach(SsehubCommand::listExitCodes);
    }

    public static void main(String[] args) {
        // Jersey and Grizzly log through java.util.logging: route them to the same SLF4J output (stderr).
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, when the build wrote one there. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SsehubCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "ssehub " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            };
        }
    }
}
