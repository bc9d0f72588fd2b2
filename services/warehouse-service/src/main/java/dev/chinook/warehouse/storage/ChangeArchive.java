package dev.chinook.warehouse.storage;

import dev.chinook.common.s3.S3Uri;
import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The change sets the ingest archived in S3 before sending them ({@code changes/<first>-<last>.json.gz},
 * named by their change ids; {@code .json} before they were compressed), in change-id order: the
 * history a lost warehouse is rebuilt from.
 */
@ApplicationScoped
public class ChangeArchive {

    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)\\.json(\\.gz)?$");

    private final S3Client s3;
    private final ChangeSetStore changeSets;
    private final String bucket;
    private final String prefix;

    public ChangeArchive(S3Client s3, ChangeSetStore changeSets, WarehouseConfig config) {
        this.s3 = s3;
        this.changeSets = changeSets;
        this.bucket = config.reports().bucket();
        this.prefix = config.archive().prefix();
    }

    /** Keys of the archived change sets, lowest first change id first; other objects are left out. */
    public List<String> keys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .filter(key -> NAME.matcher(key).find())
                .sorted(Comparator.comparingLong(ChangeArchive::firstChangeId))
                .toList();
    }

    /** The sets at {@code keys}, read in that order while the next few are fetched. */
    public ChangeSetStore.InOrder fetchInOrder(List<String> keys) {
        return changeSets.fetchInOrder(
                keys.stream().map(key -> new S3Uri(bucket, key)).toList());
    }

    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    private static long firstChangeId(String key) {
        Matcher m = NAME.matcher(key);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }
}
