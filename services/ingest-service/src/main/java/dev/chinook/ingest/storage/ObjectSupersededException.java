package dev.chinook.ingest.storage;

/** The version an event names is gone from an unversioned bucket: a newer upload replaced it. */
public class ObjectSupersededException extends RuntimeException {

    public ObjectSupersededException(String message) {
        super(message, null, false, false);
    }
}
