package dev.chinook.cli.command;

import dev.chinook.cli.generate.ChinookGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Write Chinook-shaped CSV files: <out>/01-initial (the eight tables) and <out>/02-changes "
                + "(a later day: moved customers, new track prices, new invoices).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "data", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "Multiplies customers, invoices and invoice lines (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "20091", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        ChinookGenerator.writeDataFolder(out, seed, scale, m -> System.out.println("  " + m));
        System.out.println("wrote scale " + scale + " (seed " + seed + ") to " + out.toAbsolutePath());
        return 0;
    }
}
