package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    @Test
    void aFailureWithoutAMessageOfItsOwnIsSaidByTheFirstMessageOfItsCauses() {
        StringWriter err = new StringWriter();
        CommandLine chinook = new CommandLine(new Failing()).setErr(new PrintWriter(err, true));
        chinook.setExecutionExceptionHandler(ChinookCli.commandLine().getExecutionExceptionHandler());

        int exitCode = chinook.execute();

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("chinook failing failed: ConnectException: Connection refused" + System.lineSeparator());
    }

    /** A command without --url whose call is refused, as `chinook run` would be by a service that died. */
    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ConnectException refused = new ConnectException();
            refused.initCause(new IOException("Connection refused"));
            throw refused;
        }
    }
}
