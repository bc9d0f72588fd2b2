package dev.chinook.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
                        tuple("archive", Optional.empty()),
                        tuple("customer.csv", Optional.of("raw/customer/01-initial.csv")),
                        tuple("notes.txt", Optional.empty()));
    }

    @Test
    void aDataFolderWithNothingToUploadIsRefusedBeforeAnythingStarts() throws IOException {
        PipelineDefinition.Bucket bucket = PipelineDefinition.load().bucket();
        Path tooDeep = Files.createDirectories(data.resolve("export/chinook"));
        Files.writeString(tooDeep.resolve("genre.csv"), "genre_id,name\n1,Rock\n");
        Files.writeString(data.resolve("export/readme.txt"), "x");

        assertThatThrownBy(() -> DataLoader.requireUploads(data, bucket))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to load in " + data + ": put <table>.csv.gz or <table>.csv files in it, or in one "
                        + "folder per day inside it (" + data.resolve("01-initial/<table>.csv") + ")");

        DataLoader.requireUploads(data.resolve("export/chinook"), bucket);
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

    @Test
    void filesBesideDayFoldersAreNamedAndFilesOfAFolderWithoutDaysAreItsBatch() throws IOException {
        Files.writeString(data.resolve("genre.csv"), "genre_id,name\n");
        Files.writeString(data.resolve(".hidden.csv"), "x");
        assertThat(DataLoader.besideBatches(data)).isEmpty();
        assertThat(DataLoader.batches(data)).containsExactly(data);

        Files.createDirectories(data.resolve("01-initial"));
        assertThat(DataLoader.besideBatches(data)).containsExactly(data.resolve("genre.csv"));
        assertThat(DataLoader.batches(data)).containsExactly(data.resolve("01-initial"));
    }
}
