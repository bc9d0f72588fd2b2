package dev.chinook.common.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aMessageThatBreaksTheContractOrWhoseDataTheDatabaseRefusesIsPermanent() {
        assertThat(Failures.isPermanent(new IllegalArgumentException("not JSON")))
                .isTrue();
        assertThat(Failures.isPermanent(new IllegalStateException("wrapped", new IllegalArgumentException("bad"))))
                .isTrue();
        assertThat(Failures.isPermanent(new SQLException("numeric field overflow", "22003")))
                .isTrue();
        assertThat(Failures.isPermanent(new SQLException("violates check constraint", "23514")))
                .isTrue();
    }

    @Test
    void whatMayHealIsNot() {
        assertThat(Failures.isPermanent(new SQLException("connection refused", "08001")))
                .isFalse();
        assertThat(Failures.isPermanent(new SQLException("deadlock detected", "40P01")))
                .isFalse();
        assertThat(Failures.isPermanent(new UncheckedIOException(new ConnectException("refused"))))
                .isFalse();
        assertThat(Failures.isPermanent(new IllegalStateException("S3 answered 503")))
                .isFalse();
    }

    @Test
    void theReasonNamesTheRootCauseWhenItAddsSomething() {
        assertThat(Failures.reason(new IllegalStateException("COPY failed", new SQLException("disk full"))))
                .isEqualTo("COPY failed: disk full");
        assertThat(Failures.reason(new IllegalArgumentException("no Records"))).isEqualTo("no Records");
        assertThat(Failures.reason(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
