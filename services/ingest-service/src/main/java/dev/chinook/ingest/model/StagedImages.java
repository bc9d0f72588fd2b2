package dev.chinook.ingest.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows a part staged, in staging order, each as its key and its image: the JSON PostgreSQL's
 * {@code row_to_json} writes for the row once stored. Held only up to a byte limit, so that a part
 * of wide rows costs no more memory than the limit allows.
 */
public final class StagedImages {

    private final long byteLimit;
    private final List<byte[]> images = new ArrayList<>();
    private long[] keys = new long[1024];
    private long bytes;

    public StagedImages(long byteLimit) {
        this.byteLimit = byteLimit;
    }

    /** Adds a row; false once the images would pass the limit (the caller then drops them all). */
    public boolean add(long key, byte[] image) {
        bytes += image.length;
        if (bytes > byteLimit) {
            return false;
        }
        if (images.size() == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[images.size()] = key;
        images.add(image);
        return true;
    }

    public int size() {
        return images.size();
    }

    public long key(int index) {
        return keys[index];
    }

    public byte[] image(int index) {
        return images.get(index);
    }
}
