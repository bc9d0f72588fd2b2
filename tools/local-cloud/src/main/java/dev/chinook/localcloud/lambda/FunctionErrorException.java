package dev.chinook.localcloud.lambda;

/** The function reported an error for an invocation (an unhandled exception in the handler). */
public class FunctionErrorException extends RuntimeException {

    public FunctionErrorException(String errorJson) {
        super(errorJson);
    }
}
