package dev.chinook.localcloud.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command-line entry point for people. */
@Command(name = "chinook", mixinStandardHelpOptions = true, version = "chinook-pipeline 1.0.0-SNAPSHOT",
        description = "Chinook ELT pipeline: run it locally, generate data, look at its status.",
        subcommands = {RunCommand.class, GenerateCommand.class, StatusCommand.class})
public final class ChinookCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChinookCli()).execute(args));
    }
}
