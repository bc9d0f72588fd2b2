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
    void foldersNamedAfterTablesHoldTheirPartsOfTheBatchParentsFirst() throws IOException {
        PipelineDefinition.Bucket bucket = PipelineDefinition.load().bucket();
        Path lines = Files.createDirectories(data.resolve("invoice_line"));
        Path tracks = Files.createDirectories(data.resolve("Tracks"));
        for (String name : new String[] {
            "part-00001-a1-c000.csv",
            "part-00000-a1-c000.CSV",
            "_SUCCESS",
            "_committed_8",
            ".part-00000-a1-c000.csv.crc"
        }) {
            Files.writeString(lines.resolve(name), "x");
        }
        Files.writeString(tracks.resolve("data_0_0_0.csv.gz"), "x");
        Files.createDirectories(lines.resolve("dt=2026-12-06"));
        Files.writeString(data.resolve("genre.csv"), "x");

        assertThat(DataLoader.batches(data)).containsExactly(data);
        assertThat(DataLoader.besideBatches(data)).isEmpty();
        String batch = data.getFileName().toString();
        assertThat(DataLoader.files(data, bucket))
                .extracting(f -> data.relativize(f.file()).toString(), DataLoader.DataFile::key)
                .containsExactly(
                        tuple("genre.csv", Optional.of("raw/genre/" + batch + ".csv")),
                        tuple("Tracks/data_0_0_0.csv.gz", Optional.of("raw/Tracks/" + batch + "/data_0_0_0.csv.gz")),
                        tuple("invoice_line/dt=2026-12-06", Optional.empty()),
                        tuple(
                                "invoice_line/part-00000-a1-c000.CSV",
                                Optional.of("raw/invoice_line/" + batch + "/part-00000-a1-c000.csv")),
                        tuple(
                                "invoice_line/part-00001-a1-c000.csv",
                                Optional.of("raw/invoice_line/" + batch + "/part-00001-a1-c000.csv")));
    }

    @Test
    void tableFoldersInsideADayAreThatDaysAndBesideDaysAreNamed() throws IOException {
        PipelineDefinition.Bucket bucket = PipelineDefinition.load().bucket();
        Path day = Files.createDirectories(data.resolve("01-initial"));
        Files.writeString(Files.createDirectories(day.resolve("public.artist")).resolve("0000_part_00.csv"), "x");
        Files.createDirectories(data.resolve("album"));

        assertThat(DataLoader.batches(data)).containsExactly(day);
        assertThat(DataLoader.besideBatches(data)).containsExactly(data.resolve("album"));
        assertThat(DataLoader.files(day, bucket))
                .extracting(DataLoader.DataFile::key)
                .containsExactly(Optional.of("raw/public.artist/01-initial/0000_part_00.csv"));
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
