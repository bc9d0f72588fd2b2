package dev.chinook.cli.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Samples {@code /proc} four times a second: CPU time per component (which one a stage waits on)
 * and the peak resident memory of the two services. Linux only; elsewhere it reports nothing.
 */
public final class ProcessSampler implements AutoCloseable {

    /** Who used the CPU. */
    public enum Component {
        POSTGRES("PostgreSQL"),
        FUNCTION("ingest function"),
        WAREHOUSE("warehouse service"),
        PSQL("psql"),
        LOCAL_CLOUD("local-cloud (S3, SQS) and this tool");

        final String label;

        Component(String label) {
            this.label = label;
        }
    }

    /** CPU seconds per component over a stage, and the share of the machine it kept busy. */
    public record CpuUse(Map<Component, Double> seconds, double wallSeconds, int cores) {

        /** The component that used most CPU, and how busy the machine was: what bounds the stage. */
        public String bound() {
            double total =
                    seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total == 0) {
                return "not measured";
            }
            Component top = seconds.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            double busy = total / (wallSeconds * cores);
            return String.format(
                    "%s (%.0f%% of the CPU used); machine %.0f%% busy",
                    top.label, 100 * seconds.get(top) / total, 100 * Math.min(1, busy));
        }
    }

    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private final Supplier<Collection<Long>> functionPids;
    private final Supplier<Long> warehousePid;
    private final long self = ProcessHandle.current().pid();
    private final Map<Long, Long> ticks = new HashMap<>();
    private final Map<Long, Component> components = new HashMap<>();
    private final Map<Component, Long> peakRssKb = new EnumMap<>(Component.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-sampler");
        t.setDaemon(true);
        return t;
    });
    private Map<Long, Long> stageStart = Map.of();
    private long stageStartNanos;

    public ProcessSampler(Supplier<Collection<Long>> functionPids, Supplier<Long> warehousePid) {
        this.functionPids = functionPids;
        this.warehousePid = warehousePid;
        timer.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    public synchronized void startStage() {
        sampleNow();
        stageStart = new HashMap<>(ticks);
        stageStartNanos = System.nanoTime();
    }

    public synchronized CpuUse endStage() {
        sampleNow();
        Map<Component, Double> seconds = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            seconds.put(c, 0.0);
        }
        ticks.forEach((pid, now) -> {
            long used = now - stageStart.getOrDefault(pid, 0L);
            if (used > 0) {
                seconds.merge(components.get(pid), used / TICKS_PER_SECOND, Double::sum);
            }
        });
        return new CpuUse(
                seconds,
                (System.nanoTime() - stageStartNanos) / 1e9,
                Runtime.getRuntime().availableProcessors());
    }

    /** The most resident memory one process of the component ever had, in MiB (-1: not seen). */
    public synchronized long peakRssMb(Component component) {
        return peakRssKb.getOrDefault(component, -1024L) / 1024;
    }

    private void sample() {
        try {
            synchronized (this) {
                sampleNow();
            }
        } catch (RuntimeException e) {
            // a process that ended between listing and reading: the next sample sees the rest
        }
    }

    private void sampleNow() {
        if (!Files.isDirectory(PROC)) {
            return;
        }
        Set<Long> function = Set.copyOf(functionPids.get());
        Long warehouse = warehousePid.get();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String stat = read(entry.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                Component component = classify(pid, stat, function, warehouse);
                if (component == null) {
                    continue;
                }
                List<String> fields =
                        List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                long cpu = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
                ticks.merge(pid, cpu, Math::max);
                components.put(pid, component);
                if (component == Component.FUNCTION || component == Component.WAREHOUSE) {
                    peakRssKb.merge(component, peakRss(entry), Math::max);
                }
            }
        } catch (IOException e) {
            // /proc is gone or unreadable: nothing to sample
        }
    }

    private Component classify(long pid, String stat, Set<Long> function, Long warehouse) {
        if (function.contains(pid)) {
            return Component.FUNCTION;
        }
        if (warehouse != null && warehouse == pid) {
            return Component.WAREHOUSE;
        }
        if (pid == self) {
            return Component.LOCAL_CLOUD;
        }
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm.equals("postgres")) {
            return Component.POSTGRES;
        }
        if (comm.equals("psql")) {
            return Component.PSQL;
        }
        return null;
    }

    private static long peakRss(Path process) {
        String status = read(process.resolve("status"));
        if (status != null) {
            for (String line : status.split("\n")) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
