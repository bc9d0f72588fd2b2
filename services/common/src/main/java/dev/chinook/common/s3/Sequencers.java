package dev.chinook.common.s3;

/**
 * S3's sequencer is a hex string whose length varies: compare after left-padding to equal length
 * (AWS documents this as the only way to order events of one key).
 */
public final class Sequencers {

    private Sequencers() {}

    public static int compare(String a, String b) {
        int width = Math.max(a.length(), b.length());
        return pad(a, width).compareToIgnoreCase(pad(b, width));
    }

    private static String pad(String hex, int width) {
        return "0".repeat(width - hex.length()) + hex;
    }
}
