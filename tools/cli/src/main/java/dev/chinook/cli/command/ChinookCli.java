package dev.chinook.cli.command;

import java.net.ConnectException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/** The one command-line entry point for people. */
@Command(
        name = "chinook",
        mixinStandardHelpOptions = true,
        version = "chinook-pipeline 1.0.0-SNAPSHOT",
        description = "Chinook ELT pipeline: run it locally, generate data, look at its status.",
        subcommands = {
            RunCommand.class,
            GenerateCommand.class,
            StatusCommand.class,
            RebuildCommand.class,
            ReconcileCommand.class,
            FilesCommand.class,
            FileCommand.class,
            ValidateCommand.class,
            ReportCommand.class,
            DeadLettersCommand.class,
            BenchmarkCommand.class
        })
public final class ChinookCli implements Runnable {

    /** The embedded servers log a lot at INFO; people see our progress lines and the libraries' warnings. */
    private static void quietLibraryLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
            handler.setFormatter(new SimpleFormatter());
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its failures said for people (a stack trace only with CHINOOK_DEBUG). */
    static CommandLine commandLine() {
        return new CommandLine(new ChinookCli()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine
                    .getErr()
                    .println("chinook " + commandLine.getCommandName() + " failed: " + reason(e, commandLine));
            if (System.getenv("CHINOOK_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
    }

    /**
     * The failure's message. A refused connection has none of its own ("failed: null"): a command
     * that calls the warehouse service says the address it called; others say the first message
     * among the failure's causes.
     */
    private static String reason(Exception e, CommandLine commandLine) {
        OptionSpec url = commandLine.getCommandSpec().findOption("--url");
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && url != null) {
                return "nothing answers at " + url.getValue()
                        + ": start the pipeline with `./chinook run`, or name the warehouse service with --url";
            }
            if (cause.getMessage() != null) {
                return cause == e ? e.getMessage() : e.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
