package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.cli.pipeline.PipelineProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path root;

    @Test
    void aDataFolderTheUserNamedThatIsNotThereIsAnErrorAndNothingIsWritten() {
        assertThatThrownBy(() -> RunCommand.dataFolder(root, Path.of("exprots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no data folder at " + root.resolve("exprots") + " (--data)");
        assertThat(root.resolve("exprots")).doesNotExist();
    }

    @Test
    void aFileNamedAsTheDataFolderIsAnErrorThatSaysToNameItsFolder() throws IOException {
        Path file = Files.writeString(root.resolve("customer.csv"), "customer_id\n");

        assertThatThrownBy(() -> RunCommand.dataFolder(root, Path.of("customer.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is a file: --data names the folder that holds it");
    }

    @Test
    void theDefaultDataFolderIsGeneratedWhenMissing() throws IOException {
        Path data = RunCommand.dataFolder(root, Path.of("data"));

        assertThat(data.resolve("01-initial/invoice_line.csv")).isNotEmptyFile();
    }

    @Test
    void anExistingFolderIsUsedAsItIs() throws IOException {
        Path exports = Files.createDirectories(root.resolve("exports"));

        assertThat(RunCommand.dataFolder(root, Path.of("exports"))).isEqualTo(exports);
        assertThat(exports).isEmptyDirectory();
    }

    @Test
    void aLoadedFileWithFindingsIsSummedUpWithWhereItsRejectionsAreListed() {
        String key = "raw/customer/customers.csv";

        assertThat(RunCommand.findings(new PipelineProbe.LoadedWithFindings(key, 1, 0, null)))
                .isEqualTo("1 row rejected (./chinook file raw/customer/customers.csv lists them)");
        assertThat(RunCommand.findings(new PipelineProbe.LoadedWithFindings(key, 1200, 0, "ignored columns: Fax")))
                .isEqualTo("1,200 rows rejected (./chinook file raw/customer/customers.csv lists them); "
                        + "ignored columns: Fax");
        assertThat(RunCommand.findings(new PipelineProbe.LoadedWithFindings(key, 0, 0, "ignored columns: Fax")))
                .isEqualTo("ignored columns: Fax");
    }

    @Test
    void rowsStillParkedAreCountedBesideTheNoteOfTheirParking() {
        String key = "raw/album/albums.csv";
        String parked = "347 rows came before their parent and were parked (loaded when it arrives, rejected if it"
                + " has not within 30 min)";

        assertThat(RunCommand.findings(new PipelineProbe.LoadedWithFindings(key, 0, 0, parked)))
                .isEqualTo(parked);
        assertThat(RunCommand.findings(new PipelineProbe.LoadedWithFindings(key, 0, 12, parked)))
                .isEqualTo(parked + "; 12 still parked");
    }
}
