package dev.chinook.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.chinook.localcloud.aws.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    @TempDir
    Path data;

    @Test
    void compressedAndUpperCaseCsvFilesAreUploadedAndOtherFilesNamed() throws IOException {
        Path day = Files.createDirectories(data.resolve("01-initial"));
        for (String name : new String[] {"customer.csv", "InvoiceLine.csv.gz", "Track.CSV", "notes.txt", ".DS_Store"}) {
            Files.writeString(day.resolve(name), "x");
        }
        Files.createDirectories(day.resolve("archive"));

        assertThat(DataLoader.files(day, PipelineDefinition.load().bucket()))
                .extracting(f -> f.file().getFileName().toString(), DataLoader.DataFile::key)
                .containsExactly(
                        tuple("InvoiceLine.csv.gz", Optional.of("raw/InvoiceLine/01-initial.csv.gz")),
                        tuple("Track.CSV", Optional.of("raw/Track/01-initial.csv")),
                        tuple("customer.csv", Optional.of("raw/customer/01-initial.csv")),
                        tuple("notes.txt", Optional.empty()));
    }

    @Test
    void hiddenFoldersAreNotBatches() throws IOException {
        Files.createDirectories(data.resolve("02-changes"));
        Files.createDirectories(data.resolve("01-initial"));
        Files.createDirectories(data.resolve(".ipynb_checkpoints"));

        assertThat(DataLoader.batches(data))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("01-initial", "02-changes");
    }
}
