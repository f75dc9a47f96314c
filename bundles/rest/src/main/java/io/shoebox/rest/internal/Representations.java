package io.shoebox.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shoebox.api.admin.FieldInfo;
import io.shoebox.api.admin.PluginInfo;
import io.shoebox.api.admin.ProviderTypeInfo;
import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.api.snapshot.Coverage;
import io.shoebox.api.snapshot.TargetLock;
import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotInfo;

/** The JSON shapes of the API's resources, kept apart from the API types so either can evolve. */
final class Representations {

    private Representations() {
    }

    static Map<String, Object> providerType(ProviderTypeInfo type) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type.type());
        json.put("name", type.name());
        json.put("description", type.description());
        json.put("fields", type.fields().stream().map(Representations::field).toList());
        json.put("plugin", type.bundleId());
        return json;
    }

    static Map<String, Object> field(FieldInfo field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", field.id());
        json.put("name", field.name());
        json.put("description", field.description());
        json.put("type", field.type());
        json.put("required", field.required());
        json.put("default", field.defaultValue());
        json.put("multiple", field.multiple());
        if (!field.options().isEmpty()) {
            json.put("options", field.options());
        }
        return json;
    }

    static Map<String, Object> target(TargetInfo target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", target.name());
        json.put("type", target.type());
        json.put("config", target.config());
        json.put("secrets", target.secretsSet());
        json.put("status", target.status().name());
        if (target.reason() != null) {
            json.put("reason", target.reason());
        }
        return json;
    }

    static Map<String, Object> source(SourceInfo source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", source.name());
        json.put("type", source.type());
        json.put("config", source.config());
        json.put("status", source.status().name());
        if (source.reason() != null) {
            json.put("reason", source.reason());
        }
        return json;
    }

    static Map<String, Object> job(JobInfo job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("type", job.request().type());
        json.put("state", job.state().name());
        putIfPresent(json, "policy", job.request().policy());
        putIfPresent(json, "source", job.request().source());
        putIfPresent(json, "target", job.request().target());
        putIfPresent(json, "snapshot", job.request().snapshot());
        if (!job.request().include().isEmpty()) {
            json.put("include", job.request().include());
        }
        putIfPresent(json, "destination", job.request().destination());
        if (!job.request().options().isEmpty()) {
            json.put("options", job.request().options());
        }
        json.put("createdAt", job.createdAt().toString());
        json.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        json.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("filesDone", job.progress().filesDone());
        progress.put("filesTotal", job.progress().filesTotal());
        progress.put("bytesDone", job.progress().bytesDone());
        progress.put("bytesTotal", job.progress().bytesTotal());
        json.put("progress", progress);
        json.put("result", job.result());
        json.put("error", job.error());
        json.put("warnings", job.warnings());
        return json;
    }

    static Map<String, Object> policy(PolicyInfo policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", policy.name());
        json.put("config", policy.config());
        json.put("valid", policy.valid());
        json.put("problems", policy.problems());
        json.put("running", policy.running());
        json.put("lastRun", text(policy.lastRun()));
        json.put("lastOutcome", policy.lastOutcome());
        json.put("lastSuccess", text(policy.lastSuccess()));
        json.put("nextRun", text(policy.nextRun()));
        json.put("overdue", policy.overdue());
        return json;
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Map<String, Object> snapshot(SnapshotInfo snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", snapshot.id());
        json.put("time", snapshot.time().toString());
        json.put("source", snapshot.source());
        json.put("parent", snapshot.parent());
        json.put("checkpoint", snapshot.checkpoint());
        json.put("tags", snapshot.tags());
        json.put("stats", snapshot.stats());
        return json;
    }

    static Map<String, Object> entry(SnapshotEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", entry.name());
        json.put("path", entry.path());
        json.put("type", entry.directory() ? "dir" : "file");
        if (!entry.directory()) {
            json.put("size", entry.size());
        }
        json.put("mtime", entry.modified() == null ? null : entry.modified().toString());
        if (!entry.metadata().isEmpty()) {
            json.put("metadata", entry.metadata());
        }
        return json;
    }

    /** A catalog item as §7 of the design names it: camera as one text, times as ISO-8601. */
    static Map<String, Object> item(CatalogItem item) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", item.id());
        json.put("source", item.source());
        json.put("path", item.path());
        json.put("size", item.size());
        json.put("mtime", text(item.modified()));
        json.put("mediaType", item.mediaType());
        json.put("takenAt", item.takenAt() == null ? null
                : item.takenAtOffset() == null ? item.takenAt().toString()
                        : item.takenAt().atOffset(item.takenAtOffset()).toString());
        putIfPresent(json, "takenAtOrigin", item.takenAtOrigin());
        json.put("camera", camera(item.make(), item.model()));
        putIfPresent(json, "make", item.make());
        putIfPresent(json, "model", item.model());
        putIfPresent(json, "lens", item.lens());
        json.put("latitude", item.latitude());
        json.put("longitude", item.longitude());
        putIfPresent(json, "altitude", item.altitude());
        putIfPresent(json, "width", item.width());
        putIfPresent(json, "height", item.height());
        putIfPresent(json, "durationMillis", item.durationMillis());
        if (!item.sidecars().isEmpty()) {
            json.put("sidecars", item.sidecars());
        }
        putIfPresent(json, "livePhotoPair", item.livePhotoPair());
        json.put("thumbnail", item.hasThumbnail() ? ApiPaths.ROOT + "/items/" + item.id() + "/thumbnail" : null);
        if (!item.warnings().isEmpty()) {
            json.put("warnings", item.warnings());
        }
        json.put("backedUp", item.versions().stream().map(version -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("target", version.target());
            v.put("snapshot", version.snapshotId());
            v.put("time", text(version.snapshotTime()));
            v.put("size", version.size());
            v.put("mtime", text(version.modified()));
            return v;
        }).toList());
        return json;
    }

    /** Make and model as people say them: "Apple iPhone XS", but "Canon EOS 5D", not "Canon Canon EOS 5D". */
    static String camera(String make, String model) {
        if (model == null || model.isBlank()) {
            return make == null || make.isBlank() ? null : make.strip();
        }
        if (make == null || make.isBlank()) {
            return model.strip();
        }
        String firstWordOfMake = make.strip().split("\\s+")[0];
        return model.strip().toLowerCase(java.util.Locale.ROOT).startsWith(firstWordOfMake.toLowerCase(java.util.Locale.ROOT))
                ? model.strip() : make.strip() + " " + model.strip();
    }

    static Map<String, Object> lock(TargetLock lock) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", lock.id());
        json.put("exclusive", lock.exclusive());
        json.put("hostname", lock.hostname());
        json.put("pid", lock.pid());
        json.put("created", text(lock.created()));
        json.put("expires", text(lock.expires()));
        json.put("stale", lock.stale());
        json.put("description", lock.description());
        return json;
    }

    static Map<String, Object> coverage(Coverage coverage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", coverage.source());
        json.put("files", coverage.files());
        json.put("bytes", coverage.bytes());
        json.put("targets", coverage.targets().stream().map(target -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("target", target.target());
            t.put("complete", target.complete());
            t.put("snapshot", target.snapshotId());
            t.put("time", text(target.snapshotTime()));
            t.put("backedUp", target.backedUp());
            t.put("missingCount", target.missing().size());
            t.put("changedCount", target.changed().size());
            t.put("missing", target.missing());
            t.put("changed", target.changed());
            putIfPresent(t, "problem", target.problem());
            return t;
        }).toList());
        json.put("unreadableCount", coverage.unreadable().size());
        json.put("unreadable", coverage.unreadable().stream().map(entry -> {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("path", entry.path());
            u.put("reason", entry.reason());
            return u;
        }).toList());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    static Map<String, Object> plugin(PluginInfo plugin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", plugin.id());
        json.put("symbolicName", plugin.symbolicName());
        json.put("version", plugin.version());
        json.put("name", plugin.name());
        json.put("state", plugin.state());
        json.put("kind", plugin.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("location", plugin.location());
        return json;
    }
}
