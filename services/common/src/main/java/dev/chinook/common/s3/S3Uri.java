package dev.chinook.common.s3;

/** An object named as {@code s3://bucket/key}: how change sets and source files are referred to. */
public record S3Uri(String bucket, String key) {

    private static final String SCHEME = "s3://";

    /** @throws IllegalArgumentException when {@code uri} is not {@code s3://bucket/key} */
    public static S3Uri parse(String uri) {
        int slash = uri.startsWith(SCHEME) ? uri.indexOf('/', SCHEME.length()) : -1;
        if (slash < 0) {
            throw new IllegalArgumentException("not an s3://bucket/key reference: " + uri);
        }
        return new S3Uri(uri.substring(SCHEME.length(), slash), uri.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
