package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChinookCliTest {

    @Test
    void aWarehouseThatDoesNotAnswerIsNamedWithItsAddressAndHowToStartIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine chinook = ChinookCli.commandLine().setErr(new PrintWriter(err, true));

        int exitCode = chinook.execute("file", "raw/genre/blank.csv", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("chinook file failed: nothing answers at http://127.0.0.1:" + closedPort
                        + ": start the pipeline with `./chinook run`, or name the warehouse service with --url"
                        + System.lineSeparator());
    }
}
