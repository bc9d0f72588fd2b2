package dev.chinook.common.sqs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Packs items into as few SQS message bodies as fit under a byte limit. SQS's portable limit
 * is 256 KiB per message; we keep a margin for the envelope and attributes.
 */
public final class MessagePacker {

    /** 256 KiB less room for the envelope and message attributes. */
    public static final int DEFAULT_LIMIT_BYTES = 240 * 1024;

    private MessagePacker() {}

    /**
     * Splits {@code items} into groups whose encoded size, as measured by {@code sizeOf}, stays
     * under {@code limitBytes}. An item larger than the limit on its own is returned alone: the
     * caller must send it by reference.
     */
    public static <T> List<List<T>> pack(List<T> items, Function<T, String> encode, int limitBytes) {
        List<List<T>> groups = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int currentBytes = 0;
        for (T item : items) {
            int size = encode.apply(item).getBytes(StandardCharsets.UTF_8).length + 1;
            if (!current.isEmpty() && currentBytes + size > limitBytes) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(item);
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
