package io.lro4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lro} command: LRO for Java from the command line. Exit codes: 0 success, 1 a failure (an
 * unexpected error, or a required conformance rule failing), 2 bad usage or bad input (the message says which).
 */
@Command(name = "lro", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "lro4j: Large Receive Offload for Java. Replays captures through the LRO engine, lists "
                + "the drivers found on the class path, and runs the conformance kit against one.",
        subcommands = {PaperCommand.class, ReplayCommand.class, ForwardCommand.class, DriversCommand.class, ConformCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad usage or bad input. */
    static final int USAGE = 2;

    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the configured command line (for tests and embedding) */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("lro: " + e.getMessage());
                cmd.getErr().println("Try 'lro " + cmd.getCommandName() + " --help'.");
                return USAGE;
            }
            cmd.getErr().println("lro: unexpected failure: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lro4j " + (v != null ? v : "(development build)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
