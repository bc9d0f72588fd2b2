package dev.chinook.ingest.service;

/** A field that does not satisfy its contract column; the message is the reason shown to people. */
public class InvalidValueException extends Exception {

    public InvalidValueException(String reason) {
        super(reason, null, false, false);
    }
}
